"""Dates with a precision (year, month or day) and the half-open intervals built from them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

Precision = Literal["year", "month", "day"]

_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]  # Gregorian, proleptic: 1900 no leap, 2000 leap


@dataclass(frozen=True)
class HistDate:
    """A date as precise as the sources allow: ``1955``, ``1955-05`` or ``1955-05-14``.

    ``value`` is the first day of the period; ``precision`` says how much of it is known.
    """

    value: date
    precision: Precision

    @classmethod
    def parse(cls, raw: object) -> HistDate:
        """Parse an ISO text (or a bare year as int); ValueError with a readable message."""
        if type(raw) is str and len(raw) == 10 and _DAY.fullmatch(raw):
            year = int(raw[:4])
            if 1 <= year <= 9998:
                try:  # the common case, a valid day; anything else gets the messages below
                    return cls(date(year, int(raw[5:7]), int(raw[8:])), "day")
                except ValueError:
                    pass
        if isinstance(raw, HistDate):
            return raw
        if isinstance(raw, bool):  # bool is an int subclass: `true` is not a year
            raise ValueError(f"expected a date like 1955, 1955-05 or 1955-05-14, got {raw!r}")
        if isinstance(raw, date):
            return cls(raw, "day")
        if isinstance(raw, int):
            raw = f"{raw:04d}" if raw >= 0 else str(raw)
        if not isinstance(raw, str):
            raise ValueError(f"expected a date like 1955, 1955-05 or 1955-05-14, got {raw!r}")
        match = _ISO.match(raw.strip())
        if match is None:
            raise ValueError(f"'{raw}' is not a date like 1955, 1955-05 or 1955-05-14")
        return cls._from_parts(raw, match["y"], match["m"], match["d"])

    @classmethod
    def _from_parts(cls, raw: str, y: str, m: str | None, d: str | None) -> HistDate:
        year = int(y)
        if not 1 <= year <= 9998:
            raise ValueError(f"'{raw}' is not a valid date: years run from 0001 to 9998")
        month = int(m) if m else 1
        if not 1 <= month <= 12:
            raise ValueError(f"'{raw}' is not a valid date: month must be 01-12")
        day = int(d) if d else 1
        last = _month_length(year, month)
        if not 1 <= day <= last:
            name = calendar.month_name[month]
            raise ValueError(f"'{raw}' is not a valid date: {name} {year} has {last} days")
        precision: Precision = "day" if d else "month" if m else "year"
        return cls(date(year, month, day), precision)

    @property
    def first_day(self) -> date:
        return self.value

    @property
    def day_after(self) -> date:
        """The first day after the period this date names (the day after, for a day)."""
        v = self.value
        if self.precision == "day":
            return v + timedelta(days=1)
        if self.precision == "month":
            return date(v.year + (v.month == 12), v.month % 12 + 1, 1)
        return date(v.year + 1, 1, 1)

    @property
    def end_day(self) -> date:
        """This date used as an interval end: exclusive for a day, after the period otherwise."""
        return self.value if self.precision == "day" else self.day_after

    @property
    def approximate(self) -> bool:
        return self.precision != "day"

    def __str__(self) -> str:
        v = self.value
        if self.precision == "year":
            return f"{v.year:04d}"
        if self.precision == "month":
            return f"{v.year:04d}-{v.month:02d}"
        return v.isoformat()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )


@dataclass(frozen=True)
class Interval:
    """Half-open [start, end) in days; ``end`` None means "still so at the pack's horizon"."""

    start: date
    end: date | None
    approximate_start: bool = False
    approximate_end: bool = False

    @classmethod
    def of(cls, start: HistDate, end: HistDate | None, *, point: bool = False) -> Interval:
        """Build from record dates. ``point``: a missing end means "just the start's period"."""
        first, stop = interval_bounds(start, end, point=point)
        approximate_end = start.approximate and point if end is None else end.approximate
        return cls(first, stop, start.approximate, approximate_end)

    @property
    def empty(self) -> bool:
        return self.end is not None and self.end <= self.start

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, first: date, after: date) -> bool:
        """True when the interval shares at least one day with [first, after)."""
        return self.start < after and (self.end is None or self.end > first)

    def began_within(self, first: date, after: date) -> bool:
        return first <= self.start < after

    def ended_within(self, first: date, after: date) -> bool:
        """True when the last day it held lies in [first, after)."""
        return self.end is not None and first < self.end <= after


def interval_bounds(
    start: HistDate, end: HistDate | None, *, point: bool = False
) -> tuple[date, date | None]:
    """[first day, end) of Interval.of(start, end, point=point), without building it."""
    if end is None:
        return start.value, (start.day_after if point else None)
    return start.value, (end.value if end.precision == "day" else end.day_after)


def year_bounds(year: int) -> tuple[date, date]:
    """[1 January of year, 1 January of the next year)."""
    return date(year, 1, 1), date(year + 1, 1, 1)
