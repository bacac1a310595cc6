"""What a pack says held on a day, or at any time during a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from events.corpus import Excerpt
from events.dates import Interval, year_bounds
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


def _shown(records: tuple[R, ...], first: date, after: date) -> tuple[Shown[R], ...]:
    found = []
    for record in records:
        interval: Interval = record.interval
        if interval.overlaps(first, after):
            found.append(
                Shown(
                    record,
                    interval.began_within(first, after),
                    interval.ended_within(first, after),
                )
            )
    return tuple(found)


def _slice(pack: Pack, first: date, after: date, *, day: date | None, year: int | None) -> Slice:
    relationships = _shown(pack.relationships, first, after)
    events = _shown(pack.events, first, after)
    organisations = _shown(pack.organisations, first, after)
    linked: set[str] = set()
    for group in (relationships, events, organisations):
        for shown in group:
            linked.update(link.excerpt for link in shown.record.excerpts)
    excerpts = tuple(e for e in pack.excerpts if e.id in linked)
    return Slice(day, year, first, after, relationships, events, organisations, excerpts)


def change_years(pack: Pack) -> list[int]:
    """Years in which any relationship, event or organisation begins or ends (its last day)."""
    years: set[int] = set()
    for group in (pack.relationships, pack.events, pack.organisations):
        for record in group:
            interval = record.interval
            years.add(interval.start.year)
            if interval.end is not None:
                years.add((interval.end - timedelta(days=1)).year)
    return sorted(years)
