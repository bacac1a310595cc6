"""Land drawn over the polities: the shares of a partitioned country, coloured by the power
holding each piece and dated by when it was taken, and the country's lost outline, dashed.

The pieces come from events.partitions; here they get styles, tooltips, names and shape keys
(the geometries travel like the polities' shapes: files in the app, inline in an export).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dashboard.map import colours
from dashboard.map.shapes import rounded_geometry, shape_key
from dashboard.map.spots import spots
from dashboard.map.styles import CANDIDATE_DASH, CONTEXT_OPACITY, STATED_OPACITY, Style
from dashboard.view.texts import day_text, esc
from events.model import Relationship
from events.partitions import LostLand, Share

SHARE_WEIGHT = 1.2
LOST_WEIGHT = 2.2
LOST_DASH = "7 5"


@dataclass(frozen=True)
class AreaMark:
    key: str  # shape key of its geometry
    click_id: str  # the record a click opens
    style: Style
    tooltip: str  # escaped HTML
    label: str  # its name on the map (text)
    short: str = ""  # the name when ``label`` does not fit


@dataclass(frozen=True)
class Areas:
    marks: tuple[AreaMark, ...] = ()
    geometries: dict[str, dict[str, object]] = field(default_factory=dict)  # key -> GeoJSON
    records: frozenset[str] = frozenset()  # partitioned records drawn as land
    holders: dict[str, str] = field(default_factory=dict)  # holder id -> its shares' colour


def _keyed(geometry: object, into: dict[str, dict[str, object]]) -> str | None:
    geo = rounded_geometry(geometry)
    if not geo.get("coordinates"):
        return None
    where = spots(geo)
    if where:
        geo["spots"] = where
    key = shape_key(geo)
    into[key] = geo
    return key


def partition_areas(
    shares: Iterable[Share],
    lost: Iterable[LostLand],
    records: dict[str, Relationship],
    name_of: Callable[[str], str],
) -> Areas:
    """Marks for the shares (oldest piece first within a holder) and the lost outlines."""
    geometries: dict[str, dict[str, object]] = {}
    marks: list[AreaMark] = []
    drawn: set[str] = set()
    shares = list(shares)
    # A line of holders keeps one colour through the whole partition (Prussia, then the
    # German Empire), and no two lines on one map share one.
    lines = sorted({s.line or s.holder for s in shares})
    fills = {line: colours.PARTITION[i % len(colours.PARTITION)] for i, line in enumerate(lines)}
    for share in shares:
        key = _keyed(share.geometry, geometries)
        if key is None:
            continue
        behind = [records[r] for r in share.records if r in records]
        drawn.update(r.id for r in behind)
        fill = fills[share.line or share.holder]
        marks.append(_share_mark(share, key, behind, fill, name_of))
    for land in lost:
        key = _keyed(land.geometry, geometries)
        if key is None:
            continue
        name = name_of(land.country)
        tip = (
            f"<b>{esc(name)}</b><br>its land the day before the first partition "
            f"({esc(day_text(land.first))}), dashed"
        )
        style = Style(
            fill=colours.LOST, border=colours.LOST, weight=LOST_WEIGHT, dash=LOST_DASH,
            opacity=0.0, filled=False,
        )  # fmt: skip
        marks.append(AreaMark(key, land.country, style, tip, name, name))
    holders = {s.holder: fills[s.line or s.holder] for s in shares}
    return Areas(tuple(marks), geometries, frozenset(drawn), holders)


def _share_mark(
    share: Share,
    key: str,
    behind: list[Relationship],
    fill: str,
    name_of: Callable[[str], str],
) -> AreaMark:
    holder, country = name_of(share.holder), name_of(share.of)
    context = bool(behind) and all(r.provenance == "context" for r in behind)
    candidate = any(r.is_candidate for r in behind)
    style = Style(
        fill=fill,
        border=colours.CANDIDATE if candidate else colours.darker(fill),
        weight=SHARE_WEIGHT,
        dash=CANDIDATE_DASH if candidate else None,
        opacity=CONTEXT_OPACITY if context else STATED_OPACITY,
    )
    lines = [
        f"<b>{esc(country)}: the share held by {esc(holder)}</b>",
        f"held since {esc(day_text(share.since))} (by it or the state it continues)",
    ]
    lines += [f"{esc(r.id)} · {esc(r.provenance)}" for r in behind]
    if candidate:
        lines.append("<b>unreviewed</b> (proposed by histatlas ingest)")
    click = behind[0].id if behind else share.holder
    year = share.since.year
    return AreaMark(key, click, style, "<br>".join(lines), f"{holder} since {year}", f"{year}")
