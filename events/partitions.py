"""Partitions as land: which power held which share of a partitioned country on a day, and
since when.

For a ``partitioned`` relationship ("HOLDER partitioned COUNTRY"), the country's land is its
extent on the day before the first partition the pack records for it. A holder's share on a
day is that land within the holder's own shape and its dependencies' (Congress Poland counts
for the Russian Empire, the Grand Duchy of Posen for Prussia). Each share is cut into the
pieces taken on different dates: walking back through the days the holder's (or its
dependencies') borders changed, a part not held the day before a change was taken on it.

A holder's predecessor counts as the holder (the German Empire keeps what Prussia took): a
polity is a predecessor when it is also a holder of the same country in the pack and its
gazetteer lifetime ends on the day its successor's begins.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

import shapely
from shapely import unary_union
from shapely.geometry import Polygon, mapping
from shapely.geometry.base import BaseGeometry

from events.model import Pack, Relationship
from geodata.geometry import map_features, period_key
from geodata.model import Gazetteer
from geodata.polities import load_gazetteer

KIND = "partition-share"
SEAM = 0.01  # degrees: closes the seams between a country's parts
# A piece smaller than this (square degrees, about 20 km x 25 km in central Europe) is a
# sliver between two simplified borders, not land that changed hands: it stays in the piece
# taken earlier.
MIN_PIECE = 0.05


@dataclass(frozen=True)
class Share:
    """The land of ``of`` that ``holder`` held on a day, taken on ``since`` and held since."""

    holder: str
    of: str
    since: date
    geometry: BaseGeometry
    records: tuple[str, ...]  # the partitioned records of this holder on the day
    line: str = ""  # the first holder of the holder's line (Prussia for the German Empire)


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the areas of an overlay's result (a cut leaves lines and points on shared
    borders), as one Polygon or MultiPolygon."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in {"Polygon", "MultiPolygon"}]
    if len(parts) == 1:
        return parts[0]
    return unary_union(parts) if parts else Polygon()


class Land:
    """Polity shapes and owners by day, and holders' territories within a partitioned
    country's land, computed once (the last ``MAPS`` maps are kept)."""

    MAPS = 24

    def __init__(
        self,
        on: Callable[[date], Iterable[tuple[str, BaseGeometry, str | None]]],
        key: Callable[[date], Hashable] = lambda day: day,
    ) -> None:
        self._on = on
        self._key = key  # equal for two days with the same map
        self._maps: OrderedDict[Hashable, dict[str, tuple[BaseGeometry, str | None]]] = (
            OrderedDict()
        )
        self._extents: dict[tuple[str, date], BaseGeometry | None] = {}
        self._held: dict[tuple[frozenset[str], Hashable, str, date], BaseGeometry | None] = {}

    def shapes(self, day: date) -> dict[str, tuple[BaseGeometry, str | None]]:
        key = self._key(day)
        if key in self._maps:
            self._maps.move_to_end(key)
        else:
            self._maps[key] = {pid: (g, owner) for pid, g, owner in self._on(day)}
            if len(self._maps) > self.MAPS:
                self._maps.popitem(last=False)
        return self._maps[key]

    def extent(self, country: str, first: date) -> BaseGeometry | None:
        """The country's shape the day before ``first`` (its first partition)."""
        if (country, first) not in self._extents:
            found = self.shapes(first - timedelta(days=1)).get(country)
            # One outline: the parts of a union (the Crown and Lithuania) merged, slivers shut.
            merged = None if found is None else found[0].buffer(SEAM).buffer(-SEAM)
            self._extents[(country, first)] = merged
        return self._extents[(country, first)]

    def territory(
        self, holders: Iterable[str], day: date, country: str, first: date
    ) -> BaseGeometry | None:
        """The part of the country's land in the holders' shapes or their dependencies' on
        ``day``, or None if none of them exists then."""
        wanted = frozenset(holders)
        key = (wanted, self._key(day), country, first)
        if key not in self._held:
            extent = self.extent(country, first)
            if extent is None:
                return None
            parts = [
                shapely.clip_by_rect(g, *extent.bounds)
                for pid, (g, owner) in self.shapes(day).items()
                if pid in wanted or owner in wanted
            ]
            found = polygonal(unary_union(parts).intersection(extent)) if parts else None
            self._held[key] = found
        return self._held[key]


@cache
def builtin_land(tolerance: float | None = None) -> Land:
    """The built-in gazetteer's maps (``tolerance`` as ``political_map``), kept per process."""

    def on(day: date) -> list[tuple[str, BaseGeometry, str | None]]:
        return [(f.id, f.geometry, f.owner) for f in map_features(day, tolerance=tolerance)]

    return Land(on, period_key)


_PARTITIONS: WeakKeyDictionary[Pack, dict[str, list[Relationship]]] = WeakKeyDictionary()


def _partitions(pack: Pack) -> dict[str, list[Relationship]]:
    """The pack's ``partitioned`` relationships by the country partitioned (made once per
    pack: a big pack has thousands, and each day asks for them by country)."""
    if pack not in _PARTITIONS:
        found: dict[str, list[Relationship]] = {}
        for r in pack.relationships:
            if r.kind == "partitioned":
                found.setdefault(r.object, []).append(r)
        _PARTITIONS[pack] = found
    return _PARTITIONS[pack]


def _active(pack: Pack, day: date) -> list[Relationship]:
    return [r for rs in _partitions(pack).values() for r in rs if r.interval.holds_on(day)]


def _predecessors(holder: str, holders: set[str], gazetteer: Gazetteer) -> set[str]:
    """The holder and every holder it continues (lifetime ending the day the next begins)."""
    line = {holder}
    current = holder
    while True:
        polity = gazetteer.polities.get(current)
        if polity is None:
            return line
        before = [
            other
            for other in holders - line
            if (p := gazetteer.polities.get(other)) is not None and p.end == polity.start
        ]
        if not before:
            return line
        current = before[0]
        line.add(current)


def _change_days(
    line: set[str], also: set[str], gazetteer: Gazetteer, first: date, day: date
) -> list[date]:
    """Days in (first, day] on which a period of the line, of its dependencies or of ``also``
    (the country and the other holders: a shape drawn as what is left by its neighbours
    changes with them) begins or ends, latest first."""
    days: set[date] = set()
    for polity in gazetteer.polities.values():
        owned = any(p.owner in line for p in polity.periods)
        if polity.id not in line | also and not owned:
            continue
        for period in polity.periods:
            for edge in (period.start, period.end):
                if edge is not None and first < edge <= day:
                    days.add(edge)
    return sorted(days, reverse=True)


def shares(
    pack: Pack,
    day: date,
    land: Land | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Share]:
    """Every holder's share of every country partitioned on ``day``, one per date taken
    (oldest first within a holder)."""
    land = land or builtin_land()
    gazetteer = gazetteer or load_gazetteer()
    active = _active(pack, day)
    if not active:
        return []
    found: list[Share] = []
    for country in sorted({r.object for r in active}):
        records = _partitions(pack)[country]
        first = min(r.interval.start for r in records)
        if land.extent(country, first) is None:
            continue  # the pack names a country the gazetteer does not draw before it
        holders = {r.subject for r in records}
        here = [r for r in active if r.object == country]
        for holder in sorted({r.subject for r in here}):
            behind = tuple(r.id for r in here if r.subject == holder)
            found.extend(_pieces(holder, country, behind, (first, day), land, holders, gazetteer))
    return found


def _pieces(
    holder: str,
    country: str,
    behind: tuple[str, ...],
    span: tuple[date, date],
    land: Land,
    holders: set[str],
    gazetteer: Gazetteer,
) -> list[Share]:
    first, day = span
    remaining = land.territory({holder}, day, country, first)
    if remaining is None:
        return []
    line = _predecessors(holder, holders, gazetteer)
    started = {pid: p.start for pid in line if (p := gazetteer.polities.get(pid)) is not None}
    root = min(line, key=lambda pid: started.get(pid, first))
    pieces: list[Share] = []
    for change in _change_days(line, holders | {country}, gazetteer, first, day):
        if remaining.area < MIN_PIECE:
            break
        held = land.territory(line, change - timedelta(days=1), country, first)
        taken = remaining if held is None else polygonal(remaining.difference(held))
        if taken.area >= MIN_PIECE:
            pieces.append(Share(holder, country, change, taken, behind, root))
            remaining = polygonal(remaining.difference(taken))
    if remaining.area >= MIN_PIECE:
        pieces.append(Share(holder, country, first, remaining, behind, root))
    return sorted(pieces, key=lambda s: s.since)


def share_features(
    pack: Pack, day: date, land: Land | None = None, gazetteer: Gazetteer | None = None
) -> list[dict[str, Any]]:
    """The shares as GeoJSON features: ``kind`` "partition-share", ``holder``, ``of``,
    ``since`` (ISO day the holder, or the polity it continues, took the piece), with the
    holder's name on the day and the records behind it."""
    gazetteer = gazetteer or load_gazetteer()
    features = []
    for share in shares(pack, day, land, gazetteer):
        state = gazetteer.state_of(share.holder, day) if share.holder in gazetteer.ids() else None
        properties = {
            "kind": KIND,
            "holder": share.holder,
            "of": share.of,
            "since": share.since.isoformat(),
            "holder_name": state.name if state else share.holder,
            "records": list(share.records),
        }
        features.append(
            {"type": "Feature", "properties": properties, "geometry": mapping(share.geometry)}
        )
    return features


@dataclass(frozen=True)
class LostLand:
    """A partitioned country's land as it was the day before its first partition."""

    country: str
    first: date  # the first partition's day
    geometry: BaseGeometry


def lost_lands(pack: Pack, day: date, land: Land | None = None) -> list[LostLand]:
    """The land of every country partitioned on ``day``."""
    land = land or builtin_land()
    found = []
    for country in sorted({r.object for r in _active(pack, day)}):
        first = min(r.interval.start for r in _partitions(pack)[country])
        extent = land.extent(country, first)
        if extent is not None:
            found.append(LostLand(country, first, extent))
    return found
