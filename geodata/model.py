"""The gazetteer's records: polities (states over time) with their periods, codes and recipes."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from geodata.codes import cow, gwcode

# The first day the gazetteer covers: a period starting here may well have begun earlier.
HORIZON_START = date(1772, 1, 1)

STATUSES = frozenset(
    {"independent", "colony", "protectorate", "occupied", "mandate", "dependency", "unclaimed"}
)
# Statuses that need no ruling power.
OWNERLESS = frozenset({"independent", "unclaimed"})
PRECISIONS = frozenset({"approximate", "precise"})
DATE_PRECISIONS = frozenset({"day", "month", "year"})


@dataclass(frozen=True)
class Recipe:
    """How a shape is made from base countries (ISO alpha-3) and drawn clip areas.

    ``union`` base countries, kept only inside every ``intersect`` clip, minus the ``minus``
    clips, plus the ``plus`` sub-recipes; ``clip`` takes a clip's own polygon. ``residual``
    also subtracts every non-residual polity existing that day (for "whatever is left").
    """

    union: tuple[str, ...] = ()
    intersect: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    plus: tuple[Recipe, ...] = ()
    clip: str | None = None
    residual: bool = False

    def base_codes(self) -> frozenset[str]:
        """Every base country this recipe (with its sub-recipes) reads."""
        codes = set(self.union)
        for part in self.plus:
            codes |= part.base_codes()
        return frozenset(codes)

    def clip_ids(self) -> frozenset[str]:
        """Every clip this recipe (with its sub-recipes) reads."""
        ids = set(self.intersect) | set(self.minus)
        if self.clip:
            ids.add(self.clip)
        for part in self.plus:
            ids |= part.clip_ids()
        return frozenset(ids)


@dataclass(frozen=True)
class Period:
    """One stretch of a polity's life with a constant status and shape: [start, end)."""

    start: date
    end: date | None
    name: str
    status: str
    shape: Recipe
    precision: str
    source: str
    owner: str | None = None
    cow: int | None = None
    iso3: str | None = None
    note: str = ""
    date_precision: str = "day"

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Capital:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Polity:
    """A state or territory with a stable public id and its ordered periods."""

    id: str
    name: str
    periods: tuple[Period, ...]
    aliases: tuple[str, ...] = ()
    capital: Capital | None = None
    file: str = ""

    def period_on(self, day: date) -> Period | None:
        starts = [p.start for p in self.periods]
        index = bisect.bisect_right(starts, day) - 1
        if index >= 0 and self.periods[index].holds_on(day):
            return self.periods[index]
        return None

    @property
    def start(self) -> date:
        return self.periods[0].start

    @property
    def end(self) -> date | None:
        return self.periods[-1].end


@dataclass(frozen=True)
class PolityState:
    """What a polity was on one day: the fields a map or a table shows."""

    id: str
    name: str
    cow: int | None
    iso3: str | None
    status: str
    owner: str | None
    precision: str
    source: str
    start: date
    end: date | None
    note: str = ""
    date_precision: str = "day"
    period_index: int = 0
    gwcode: int | None = None  # Gleditsch-Ward code on the day asked (GW's own dates)
    # ``cow`` is the period's code, or COW's own membership on the day asked (codes.cow).


@dataclass(frozen=True)
class Gazetteer:
    """All polities, looked up by id or by day."""

    polities: Mapping[str, Polity]
    _changes: tuple[date, ...] = field(default=(), repr=False)

    @classmethod
    def from_polities(cls, polities: Iterable[Polity]) -> Gazetteer:
        by_id = {p.id: p for p in polities}
        days: set[date] = set()
        for polity in by_id.values():
            for period in polity.periods:
                days.add(period.start)
                if period.end is not None:
                    days.add(period.end)
        return cls(polities=by_id, _changes=tuple(sorted(days)))

    def get(self, polity_id: str) -> Polity:
        try:
            return self.polities[polity_id]
        except KeyError:
            raise KeyError(f"unknown polity id {polity_id!r}") from None

    def ids(self) -> frozenset[str]:
        return frozenset(self.polities)

    def on(self, day: date) -> list[PolityState]:
        """Every polity existing on ``day``, sorted by id."""
        states = []
        for polity_id in sorted(self.polities):
            polity = self.polities[polity_id]
            period = polity.period_on(day)
            if period is not None:
                states.append(_state(polity, period, day))
        return states

    def state_of(self, polity_id: str, day: date) -> PolityState | None:
        polity = self.get(polity_id)
        period = polity.period_on(day)
        return None if period is None else _state(polity, period, day)

    def change_dates(self) -> list[date]:
        """Every day on which some period starts or ends, ascending."""
        return list(self._changes)

    def period_key(self, day: date) -> int:
        """The index of the stretch between two change dates that holds ``day``."""
        return bisect.bisect_right(self._changes, day)


def _state(polity: Polity, period: Period, day: date) -> PolityState:
    return PolityState(
        id=polity.id,
        name=period.name or polity.name,
        cow=cow(polity.id, day, period.cow),
        iso3=period.iso3,
        status=period.status,
        owner=period.owner,
        precision=period.precision,
        source=period.source,
        start=period.start,
        end=period.end,
        note=period.note,
        date_precision=period.date_precision,
        period_index=polity.periods.index(period),
        gwcode=gwcode(polity.id, day),
    )
