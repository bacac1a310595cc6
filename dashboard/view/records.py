"""Plain questions about a pack's records: titles, places, regions, search, where to jump."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from events.model import Event, Organisation, Pack, Relationship
from geodata.regions import REGIONS

Record = Event | Relationship | Organisation
Locate = Callable[[str, date], tuple[float, float] | None]
NameOf = Callable[[str], str]


def kind_of(record: Record) -> str:
    if isinstance(record, Event):
        return "event"
    if isinstance(record, Organisation):
        return "organisation"
    return "relationship"


def title_of(record: Record, name_of: NameOf) -> str:
    """A readable one-line title for any record (plain text: escape before showing)."""
    if isinstance(record, Event):
        return record.title
    if isinstance(record, Organisation):
        return record.name
    if record.title:
        return record.title
    verb = record.kind.replace("_", " ")
    return f"{name_of(record.subject)} {verb} {name_of(record.object)}"


def polities_of(record: Record) -> tuple[str, ...]:
    """Polity (or organisation) ids a record names."""
    if isinstance(record, Event):
        return tuple(p.polity for p in record.places if p.polity) + tuple(record.participants)
    if isinstance(record, Organisation):
        return (record.seat.polity,) if record.seat.polity else ()
    return (record.subject, record.object)


def places_of(record: Record, locate: Locate) -> list[tuple[float, float]]:
    """Points where the map shows the record, in the order the record names them."""
    day = record.start.value
    found: list[tuple[float, float]] = []
    places = (
        record.places
        if isinstance(record, Event)
        else [record.seat]
        if isinstance(record, Organisation)
        else []
    )
    for place in places:
        if place.lat is not None and place.lon is not None:
            found.append((place.lat, place.lon))
        elif place.polity:
            point = locate(place.polity, day)
            if point is not None:
                found.append(point)
    if isinstance(record, Relationship):
        for polity in (record.subject, record.object):
            point = locate(polity, day)
            if point is not None:
                found.append(point)
    return found


def in_region(points: Iterable[tuple[float, float]], region: str) -> bool:
    """True when any point lies in the region (the world holds everything)."""
    if region == "world" or region not in REGIONS:
        return True
    return any(REGIONS[region].contains(lat, lon) for lat, lon in points)


def matches(text: str, query: str) -> bool:
    words = [w for w in query.lower().split() if w]
    lowered = text.lower()
    return all(w in lowered for w in words)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "excerpt" or a record kind
    id: str
    text: str  # plain text


def search(pack: Pack, query: str, name_of: NameOf, limit: int = 50) -> list[SearchHit]:
    """Excerpts and records whose text holds every word of ``query`` (case-insensitive)."""
    if not query.strip():
        return []
    hits = [SearchHit("excerpt", e.id, e.text) for e in pack.excerpts if matches(e.text, query)]
    for record in pack.records_by_id.values():
        title = title_of(record, name_of)
        if matches(f"{title} {record.id} {record.note}", query):
            hits.append(SearchHit(kind_of(record), record.id, title))
    return hits[:limit]


@dataclass(frozen=True)
class Jump:
    """Where an excerpt first shows something: a day and a point."""

    day: date
    point: tuple[float, float] | None


def first_view(pack: Pack, excerpt_id: str, locate: Locate) -> Jump | None:
    """The earliest record linking the excerpt, and its first place."""
    records = sorted(pack.linked_by(excerpt_id), key=lambda r: r.start.value)
    if not records:
        return None
    first = records[0]
    places = places_of(first, locate)
    return Jump(first.start.value, places[0] if places else None)


def bounds_around(point: tuple[float, float], lat_pad: float = 14.0, lon_pad: float = 24.0):
    """(south, west, north, east) of a box around a point, kept on the map."""
    lat, lon = point
    return (
        round(max(-85.0, lat - lat_pad), 4),
        round(max(-180.0, lon - lon_pad), 4),
        round(min(85.0, lat + lat_pad), 4),
        round(min(180.0, lon + lon_pad), 4),
    )
