"""Point markers (events, organisation seats): one per record, or aggregated when too many."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.map import colours
from dashboard.view.texts import esc, record_span
from events.model import Event, Organisation

# Above this many markers of one kind in one view they are aggregated: a 100,000-record pack
# puts hundreds of events and organisation seats in a year, and drawing each costs the
# browser and the wire (issue 7). The default pack has at most 8 events in any year, so
# it is drawn one marker per record.
AGGREGATE_ABOVE = 60
# Places first; when there are still too many, ever coarser cells (degrees) until it fits.
GRID_DEGREES = (2.0, 5.0, 10.0, 20.0, 45.0)
LISTED = 3  # titles named in an aggregated marker's tooltip
RADIUS = {"events": 6.0, "organisation seats": 5.0}
MAX_RADIUS = 24.0
GROUP_COLOUR = {"events": colours.EVENT, "organisation seats": "#666666"}


@dataclass(frozen=True)
class Point:
    """A circle marker: one record, or ``count`` records at one place or area."""

    record_id: str
    lat: float
    lon: float
    colour: str
    radius: float
    dashed: bool
    tooltip: str  # escaped HTML
    count: int = 1
    focus: str | None = None  # what a click selects when not ``record_id`` (a polity)
    records: tuple[str, ...] = ()  # every record of an aggregated marker, first = record_id

    @property
    def click_id(self) -> str:
        return self.focus or self.record_id


@dataclass(frozen=True)
class Placed:
    """One record (an event, or an organisation at its seat) at one place."""

    record: Event | Organisation
    lat: float
    lon: float
    polity: str | None = None
    label: str | None = None

    @property
    def place_key(self) -> object:
        return self.polity or (round(self.lat, 2), round(self.lon, 2))

    @property
    def title(self) -> str:
        return self.record.title if isinstance(self.record, Event) else self.record.name


def single(found: Placed, colour: str) -> Point:
    """The record's own marker, with its tooltip."""
    record = found.record
    what = "event" if isinstance(record, Event) else "organisation"
    tip = (
        f"<b>{esc(found.title)}</b><br>{esc(record_span(record))}"
        f" · {what}: {esc(record.kind)} · {esc(record.provenance)}"
    )
    if found.label:
        tip += f"<br>{'seat: ' if what == 'organisation' else ''}{esc(found.label)}"
    if record.is_candidate:
        sure = f", confidence {record.confidence:.2f}" if record.confidence is not None else ""
        tip += f"<br><b>unreviewed</b> (proposed by histatlas ingest{esc(sure)})"
    radius = RADIUS["events" if what == "event" else "organisation seats"]
    context = record.provenance == "context" or record.is_candidate
    return Point(record.id, found.lat, found.lon, colour, radius, context, tip)


def group(places: list[Placed]) -> list[list[Placed]]:
    """The places as drawn: each alone while few, else by place, else by grid cell."""
    if len(places) <= AGGREGATE_ABOVE:
        return [[p] for p in places]
    groups = _merge(places, None)
    for size in GRID_DEGREES:
        if len(groups) <= AGGREGATE_ABOVE:
            break
        groups = _merge(places, size)
    return groups


def _merge(places: list[Placed], cell: float | None) -> list[list[Placed]]:
    """Grouped by place (``cell`` None) or by grid cell of ``cell`` degrees, in first-seen
    order (the slice's order: the earliest records first)."""
    found: dict[object, list[Placed]] = {}
    for place in places:
        key = place.place_key if cell is None else (place.lat // cell, place.lon // cell)
        found.setdefault(key, []).append(place)
    return list(found.values())


def _where(members: list[Placed], lat: float, lon: float, name_of: Callable[[str], str]) -> str:
    polities = {m.polity for m in members}
    if len(polities) == 1 and None not in polities:
        return name_of(next(iter(polities)) or "")
    labels = {m.label for m in members}
    if len({m.place_key for m in members}) == 1 and len(labels) == 1 and None not in labels:
        return str(next(iter(labels)))
    ns, ew = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
    return f"the area around {abs(lat):.0f}°{ns} {abs(lon):.0f}°{ew}"


def radius_for(count: int) -> float:
    """6 px (one record) growing with the log of the count: 2 -> 9, 16 -> 18, 64+ -> 24."""
    return round(min(MAX_RADIUS, 6.0 + 3.0 * math.log2(max(count, 1))), 1)


def aggregate(
    members: list[Placed], period: str, name_of: Callable[[str], str], what: str = "events"
) -> Point | None:
    """One marker for several records (None when they are one record: drawn on its own).

    A click selects the polity most of them are at (its dossier lists them), else the
    first record."""
    records = list({m.record.id: m for m in members}.values())
    if len(records) < 2:
        return None
    lat = round(sum(m.lat for m in members) / len(members), 3)
    lon = round(sum(m.lon for m in members) / len(members), 3)
    polities = Counter(m.polity for m in members if m.polity)
    focus = polities.most_common(1)[0][0] if polities else records[0].record.id
    where = _where(members, lat, lon, name_of)
    lines = [f"<b>{len(records)} {esc(what)} in {esc(where)} {esc(period)}</b>"]
    lines += [f"• {esc(r.title)} ({esc(record_span(r.record))})" for r in records[:LISTED]]
    if len(records) > LISTED:
        lines.append(f"… and {len(records) - LISTED} more")
    if polities:
        lines.append(f"<i>click: the dossier of {esc(name_of(focus))}</i>")
    ids = tuple(r.record.id for r in records)
    return Point(
        ids[0],
        lat,
        lon,
        GROUP_COLOUR.get(what, colours.EMPHASIS),
        radius_for(len(ids)),
        all(r.record.provenance == "context" for r in records),
        "<br>".join(lines),
        count=len(ids),
        focus=focus,
        records=ids,
    )


def markers(
    places: list[Placed],
    period: str,
    name_of: Callable[[str], str],
    colour_of: Callable[[Placed], str],
    what: str = "events",
) -> list[Point]:
    """Every record its own marker while few; else one per place or area (see ``group``)."""
    out = []
    for members in group(places):
        found = aggregate(members, period, name_of, what)
        out.append(found or single(members[0], colour_of(members[0])))
    return out
