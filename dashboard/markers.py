"""Many events in one view become one marker per place (or per grid cell), sized by count."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.texts import esc, span_text
from events.model import Event

# Above this many event markers in one view they are aggregated: a 100,000-record pack puts
# hundreds of events in a year, and drawing each costs the browser and the wire (issue 7).
# The default pack has at most 8 in any year, so it is drawn one marker per event.
AGGREGATE_ABOVE = 60
# Places first; when there are still too many, ever coarser cells (degrees) until it fits.
GRID_DEGREES = (2.0, 5.0, 10.0, 20.0, 45.0)
LISTED = 3  # titles named in an aggregated marker's tooltip
MAX_RADIUS = 24.0


@dataclass(frozen=True)
class EventPlace:
    """One event at one of its places, as it would be drawn on its own."""

    event: Event
    lat: float
    lon: float
    polity: str | None = None
    label: str | None = None

    @property
    def place_key(self) -> object:
        return self.polity or (round(self.lat, 2), round(self.lon, 2))


@dataclass(frozen=True)
class Cluster:
    """Several events drawn as one marker."""

    lat: float
    lon: float
    records: tuple[str, ...]  # event ids, in slice order
    focus: str  # what a click selects: the place's polity, else the first event
    tooltip: str  # escaped HTML
    dashed: bool  # every event in it is context

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def radius(self) -> float:
        """6 px (one event) growing with the log of the count: 2 -> 9, 16 -> 18, 64+ -> 24."""
        return round(min(MAX_RADIUS, 6.0 + 3.0 * math.log2(self.count)), 1)


def group(places: list[EventPlace]) -> list[list[EventPlace]]:
    """The places as drawn: each alone while few, else by place, else by grid cell."""
    if len(places) <= AGGREGATE_ABOVE:
        return [[p] for p in places]
    groups = _merge(places, None)
    for size in GRID_DEGREES:
        if len(groups) <= AGGREGATE_ABOVE:
            break
        groups = _merge(places, size)
    return groups


def _merge(places: list[EventPlace], cell: float | None) -> list[list[EventPlace]]:
    """Grouped by place (``cell`` None) or by grid cell of ``cell`` degrees, in first-seen
    order (the slice's order: the earliest events first)."""
    found: dict[object, list[EventPlace]] = {}
    for place in places:
        key = place.place_key if cell is None else (place.lat // cell, place.lon // cell)
        found.setdefault(key, []).append(place)
    return list(found.values())


def _where(members: list[EventPlace], lat: float, lon: float, name_of: Callable[[str], str]) -> str:
    polities = {m.polity for m in members}
    if len(polities) == 1 and None not in polities:
        return name_of(next(iter(polities)) or "")
    labels = {m.label for m in members}
    if len({m.place_key for m in members}) == 1 and len(labels) == 1 and None not in labels:
        return str(next(iter(labels)))
    ns, ew = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
    return f"the area around {abs(lat):.0f}°{ns} {abs(lon):.0f}°{ew}"


def cluster(
    members: list[EventPlace], period: str, name_of: Callable[[str], str]
) -> Cluster | None:
    """One marker for several events (None when they are one event: drawn as usual)."""
    events = list({m.event.id: m.event for m in members}.values())
    if len(events) < 2:
        return None
    lat = round(sum(m.lat for m in members) / len(members), 3)
    lon = round(sum(m.lon for m in members) / len(members), 3)
    polities = Counter(m.polity for m in members if m.polity)
    focus = polities.most_common(1)[0][0] if polities else events[0].id
    lines = [
        f"<b>{len(events)} events in {esc(_where(members, lat, lon, name_of))} {esc(period)}</b>"
    ]
    lines += [f"• {esc(e.title)} ({esc(span_text(e.start, e.end))})" for e in events[:LISTED]]
    if len(events) > LISTED:
        lines.append(f"… and {len(events) - LISTED} more")
    if polities:
        lines.append(f"<i>click: the events of {esc(name_of(focus))}</i>")
    return Cluster(
        lat,
        lon,
        tuple(e.id for e in events),
        focus,
        "<br>".join(lines),
        all(e.provenance == "context" for e in events),
    )
