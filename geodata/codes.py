"""State codes of the built-in polities by day: Gleditsch-Ward, and COW where a period has none.

The codes live in ``data/codes/gleditsch-ward.csv`` and ``data/codes/correlates-of-war.csv``,
apart from the gazetteer's periods: a system's dates of membership seldom fall on the day a
polity's shape changes, and a code must not split a shape's period (the map cache is keyed
by shape changes). A code holds for a polity on a day inside one of its spans *and* inside
the polity's own existence; callers pass the state they already hold, so this module never
needs the gazetteer.

COW codes are also a period field (``cow``, on every independent period); the COW table
adds COW's own membership where our period has no code: a dominion COW counts from
1920-01-10, Rhodesia after its declaration of 1965-11-11, a state COW keeps in the system
while our map draws a foreign occupation (``cow()``).
"""

from __future__ import annotations

import bisect
import csv
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from geodata.paths import DATA_DIR

GW_FILE = DATA_DIR / "codes" / "gleditsch-ward.csv"
COW_FILE = DATA_DIR / "codes" / "correlates-of-war.csv"
FIELDS = ["gwcode", "polity", "start", "end", "name"]


@dataclass(frozen=True)
class CodeSpan:
    """One stretch of a code on one polity: [start, end), end None while it lasts."""

    code: int
    start: date
    end: date | None
    name: str

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class CodeFileError(ValueError):
    """The codes file is malformed; the message names the entry and the field."""


def read_spans(path: Path, code_field: str = "gwcode") -> dict[str, tuple[CodeSpan, ...]]:
    """Every polity's spans from the CSV ``path`` (``#`` lines are notes; the first column
    is ``code_field``), sorted by start; raises CodeFileError naming the line."""
    spans: dict[str, list[CodeSpan]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    rows = csv.reader(line for _, line in lines)
    header = [code_field, *FIELDS[1:]]
    if next(rows, None) != header:
        raise CodeFileError(f"{path.name}: the header must be {','.join(header)}")
    for (number, _), row in zip(lines[1:], rows, strict=True):
        where = f"{path.name}:{number}"
        if len(row) != len(FIELDS):
            raise CodeFileError(f"{where}: expected {len(FIELDS)} fields, found {len(row)}")
        code, polity_id, start, end, name = row
        try:
            span = CodeSpan(
                code=int(code),
                start=date.fromisoformat(start),
                end=date.fromisoformat(end) if end else None,
                name=name,
            )
        except ValueError as error:
            raise CodeFileError(f"{where}: {error}") from None
        if span.code <= 0 or (span.end is not None and span.end <= span.start):
            raise CodeFileError(f"{where}: needs a positive code and an end after its start")
        spans.setdefault(polity_id, []).append(span)
    result = {}
    for polity_id, items in spans.items():
        items.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(items):
            if before.end is None or before.end > after.start:
                raise CodeFileError(f"{path.name}: {polity_id}'s spans overlap at {after.start}")
        result[polity_id] = tuple(items)
    return result


@cache
def gw_spans() -> Mapping[str, tuple[CodeSpan, ...]]:
    """The built-in GW spans by polity id (read once per process)."""
    return read_spans(GW_FILE)


@cache
def cow_spans() -> Mapping[str, tuple[CodeSpan, ...]]:
    """The built-in COW membership spans by polity id (read once per process)."""
    return read_spans(COW_FILE, code_field="cow")


def gwcode(polity_id: str, day: date) -> int | None:
    """The polity's GW code on ``day``, or None (the caller knows the polity exists then)."""
    return _code_on(gw_spans(), polity_id, day)


def cow(polity_id: str, day: date, period_cow: int | None = None) -> int | None:
    """The polity's COW code on ``day``: its period's own ``cow`` when it has one (every
    independent period does), else COW's membership from the dated table, else None."""
    if period_cow is not None:
        return period_cow
    return _code_on(cow_spans(), polity_id, day)


def _code_on(table: Mapping[str, tuple[CodeSpan, ...]], polity_id: str, day: date) -> int | None:
    spans = table.get(polity_id)
    if not spans:
        return None
    index = bisect.bisect_right([s.start for s in spans], day) - 1
    if index >= 0 and spans[index].holds_on(day):
        return spans[index].code
    return None


@cache
def code_dates() -> tuple[date, ...]:
    """Every day on which some GW or COW span starts or ends, ascending."""
    tables = (gw_spans(), cow_spans())
    days = {s.start for table in tables for spans in table.values() for s in spans}
    days |= {s.end for table in tables for spans in table.values() for s in spans if s.end}
    return tuple(sorted(days))


def code_key(day: date) -> int:
    """Equal for two days on which every polity has the same GW and COW codes (a cache key)."""
    return bisect.bisect_right(code_dates(), day)


Piece = tuple[date, date | None, int | None]


def pieces(polity_id: str, start: date, end: date | None) -> list[Piece]:
    """[start, end) cut where the polity's GW code changes: (start, end, code) in order."""
    cuts = sorted(
        {
            d
            for s in gw_spans().get(polity_id, ())
            for d in (s.start, s.end)
            if d is not None and start < d and (end is None or d < end)
        }
    )
    firsts = [start, *cuts]
    afters: list[date | None] = [*cuts, end]
    return [(a, b, gwcode(polity_id, a)) for a, b in zip(firsts, afters, strict=True)]


CodedPiece = tuple[date, date | None, int | None, int | None]


def code_pieces(
    polity_id: str, start: date, end: date | None, period_cow: int | None = None
) -> list[CodedPiece]:
    """[start, end) of one period cut where its COW or GW code changes:
    (start, end, cow, gwcode) in order (``pieces`` cuts on GW codes only)."""
    cuts = sorted(
        {
            d
            for table in (gw_spans(), cow_spans())
            for s in table.get(polity_id, ())
            for d in (s.start, s.end)
            if d is not None and start < d and (end is None or d < end)
        }
    )
    firsts = [start, *cuts]
    afters: list[date | None] = [*cuts, end]
    return [
        (a, b, cow(polity_id, a, period_cow), gwcode(polity_id, a))
        for a, b in zip(firsts, afters, strict=True)
    ]
