"""What a pack says held on a day, or at any time during a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from threading import Lock
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from events.corpus import Excerpt
from events.dates import interval_bounds, year_bounds
from events.gcpause import gc_paused
from events.model import Event, Organisation, Pack, Relationship

R = TypeVar("R", Event, Relationship, Organisation)


@dataclass(frozen=True)
class Shown(Generic[R]):
    """A record in a slice, flagged when it began or ended (last day held) inside the period."""

    record: R
    began_in_period: bool
    ended_in_period: bool


@dataclass(frozen=True)
class Slice:
    """The records holding during [first, after): one day (``day``) or one year (``year``)."""

    day: date | None
    year: int | None
    first: date
    after: date
    relationships: tuple[Shown[Relationship], ...]
    events: tuple[Shown[Event], ...]
    organisations: tuple[Shown[Organisation], ...]
    excerpts: tuple[Excerpt, ...]


def as_of(pack: Pack, day: date) -> Slice:
    """What held on ``day``: intervals are half-open, so the end day itself is excluded."""
    return _slice(pack, day, day + timedelta(days=1), day=day, year=None)


def in_year(pack: Pack, year: int) -> Slice:
    """What held at any time during ``year``, flagged when it began or ended within it."""
    first, after = year_bounds(year)
    return _slice(pack, first, after, day=None, year=year)


@dataclass(frozen=True)
class _Spans:
    """Each record of a group with its interval's start and end and its excerpt ids, worked
    out once per pack so that a slice is one pass over plain values."""

    rows: tuple[tuple[Any, date, date | None, tuple[str, ...]], ...]

    @classmethod
    def of(cls, records: tuple[R, ...]) -> _Spans:
        rows = []
        for record in records:  # Event.interval is a point interval, the others are not
            first, end = interval_bounds(record.start, record.end, point=isinstance(record, Event))
            links = tuple(link.excerpt for link in record.excerpts)
            rows.append((record, first, end, links))
        return cls(tuple(rows))


_INDEX: WeakKeyDictionary[Pack, tuple[_Spans, _Spans, _Spans]] = WeakKeyDictionary()
_INDEX_LOCK = Lock()


def _index(pack: Pack) -> tuple[_Spans, _Spans, _Spans]:
    """Relationships, events and organisations of the pack as _Spans (kept while it lives)."""
    with _INDEX_LOCK:
        found = _INDEX.get(pack)
        if found is None:
            with gc_paused():
                found = (
                    _Spans.of(pack.relationships),
                    _Spans.of(pack.events),
                    _Spans.of(pack.organisations),
                )
            _INDEX[pack] = found
        return found


def _shown(spans: _Spans, first: date, after: date, linked: set[str]) -> tuple[Any, ...]:
    """The records holding at some day of [first, after), flagged; their excerpts to linked."""
    found = []
    for record, start, end, links in spans.rows:
        if start < after and (end is None or end > first):
            found.append(
                Shown(record, first <= start < after, end is not None and first < end <= after)
            )
            linked.update(links)
    return tuple(found)


def _slice(pack: Pack, first: date, after: date, *, day: date | None, year: int | None) -> Slice:
    relationships, events, organisations = _index(pack)
    linked: set[str] = set()
    with gc_paused():  # a big slice makes many objects, no cycles
        return Slice(
            day,
            year,
            first,
            after,
            _shown(relationships, first, after, linked),
            _shown(events, first, after, linked),
            _shown(organisations, first, after, linked),
            tuple(e for e in pack.excerpts if e.id in linked),
        )


def change_years(pack: Pack) -> list[int]:
    """Years in which any relationship, event or organisation begins or ends (its last day)."""
    years: set[int] = set()
    for spans in _index(pack):
        for _, start, end, _ in spans.rows:
            years.add(start.year)
            if end is not None:
                years.add((end - timedelta(days=1)).year)
    return sorted(years)
