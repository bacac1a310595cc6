"""Cross-record checks of a pack: ids, references, quotes, dates, coverage of the corpus."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from events.corpus import Excerpt
from events.dates import HistDate, interval_bounds
from events.model import Event, Organisation, PackPolity, Place, Relationship, Tour
from events.polityref import PolityIndex
from events.problems import Problem, Severity, field_name
from events.yamlload import LineIndex, Lines, line_of

T = TypeVar("T", bound=BaseModel)

POLITY, ORGANISATION = "polity", "organisation"
# Which kind of thing may stand on each side of a relationship ("subject KIND object").
KIND_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "member_of": (frozenset({POLITY, ORGANISATION}), frozenset({ORGANISATION})),
    "partitioned": (frozenset({POLITY}), frozenset({POLITY})),
    "annexed": (frozenset({POLITY}), frozenset({POLITY})),
    "occupied": (frozenset({POLITY}), frozenset({POLITY})),
    "deployed_to": (frozenset({POLITY, ORGANISATION}), frozenset({POLITY})),
    "backed": (frozenset({POLITY, ORGANISATION}), frozenset({POLITY, ORGANISATION})),
    "founded_in": (frozenset({ORGANISATION}), frozenset({POLITY})),
    "seated_in": (frozenset({ORGANISATION}), frozenset({POLITY})),
    "part_of": (frozenset({POLITY}), frozenset({POLITY})),
}
# The object of these kinds may have lost its statehood (a partitioned Poland, an annexed
# Krakow, an occupied Baltic state), so its lifetime is not checked against the record.
STATELESS_OBJECTS = frozenset({"partitioned", "annexed", "occupied"})


@dataclass(frozen=True)
class Located(Generic[T]):
    """A parsed record with the file it came from and where it is in that file's lines (item
    ``index`` of the file's list)."""

    record: T
    path: str
    lines: LineIndex
    index: int

    @property
    def node(self) -> Lines | None:
        return self.lines.item(self.index)

    @property
    def rid(self) -> str:
        return str(getattr(self.record, "id", "-"))

    def problem(self, loc: Sequence[str | int], message: str, sev: Severity = "error") -> Problem:
        return Problem(self.path, line_of(self.node, loc), self.rid, field_name(loc), message, sev)


class _Context:
    def __init__(self, located: dict[str, list[Located[Any]]], excerpts: Sequence[Excerpt]):
        self.located = located
        self.excerpts = {e.id: e for e in excerpts}
        polities = [item.record for item in located.get("polities.yaml", [])]
        self.polities = PolityIndex(polities)
        self.organisations = {i.record.id for i in located.get("organisations.yaml", [])}
        self.records: set[str] = set()
        for name in ("organisations.yaml", "events.yaml", "relationships.yaml"):
            self.records |= {i.record.id for i in located.get(name, [])}

    def kind_of(self, some_id: str) -> str | None:
        if some_id in self.organisations:
            return ORGANISATION
        if self.polities.known(some_id):
            return POLITY
        return None

    def all_items(self) -> Iterable[Located[Any]]:
        for items in self.located.values():
            yield from items


def check_records(
    located: dict[str, list[Located[Any]]],
    excerpts: Sequence[Excerpt],
    *,
    corpus_path: str,
    check_excerpts: bool,
) -> list[Problem]:
    """Every cross-record problem; ``check_excerpts`` False when the corpus could not load."""
    ctx = _Context(located, excerpts)
    problems: list[Problem] = []
    if not ctx.polities.gazetteer_available:
        problems.append(
            Problem(
                corpus_path or "-",
                0,
                "-",
                "-",
                "polity ids checked only against the "
                "pack's polities.yaml: geodata's gazetteer is not available",
                "warning",
            )
        )
    problems += _duplicates(ctx)
    for item in ctx.all_items():
        record = item.record
        if isinstance(record, Organisation | Event | Relationship):
            problems += _sourced(item, ctx, check_excerpts)
        if isinstance(record, Relationship):
            problems += _relationship(item, ctx)
        elif isinstance(record, Event):
            problems += _event(item, ctx)
        elif isinstance(record, Organisation):
            problems += _places(item, ctx, [(("seat",), record.seat)], record.start.first_day)
        elif isinstance(record, Tour):
            problems += _tour(item, ctx, check_excerpts)
        elif isinstance(record, PackPolity):
            problems += _pack_polity(item, ctx)
    if check_excerpts:
        problems += _unlinked(ctx, corpus_path)
    return problems


def _duplicates(ctx: _Context) -> list[Problem]:
    seen: dict[str, Located[Any]] = {}
    problems = []
    for item in ctx.all_items():
        rid = item.rid
        if rid in seen:
            first = seen[rid]
            where = f"{first.path}:{line_of(first.node, ())}"
            problems.append(item.problem(("id",), f"duplicate id (first defined at {where})"))
        else:
            seen[rid] = item
        is_org = isinstance(item.record, Organisation)
        if is_org and rid in ctx.polities.gazetteer_ids():
            problems.append(item.problem(("id",), "id is already a polity id in the gazetteer"))
    return problems


def _sourced(item: Located[Any], ctx: _Context, check_excerpts: bool) -> list[Problem]:
    record = item.record
    problems = []
    if check_excerpts:
        for index, link in enumerate(record.excerpts):
            excerpt = ctx.excerpts.get(link.excerpt)
            if excerpt is None:
                problems.append(
                    item.problem(
                        ("excerpts", index, "excerpt"), f"unknown excerpt '{link.excerpt}'"
                    )
                )
            elif link.quote not in excerpt.text:
                problems.append(
                    item.problem(
                        ("excerpts", index, "quote"),
                        f"quote not found verbatim in excerpt {link.excerpt}: "
                        f"'{_short(link.quote)}'",
                    )
                )
    if record.provenance == "context" and not record.note.strip():
        problems.append(
            item.problem(("provenance",), "a context record needs a note naming its reference")
        )
    problems += _interval(item, record.start, record.end)
    return problems


def _interval(item: Located[Any], start: HistDate, end: HistDate | None) -> list[Problem]:
    if end is None:
        return []
    first, stop = interval_bounds(start, end)
    if stop is not None and stop <= first:  # as Interval.of(start, end).empty
        return [item.problem(("end",), f"end {end} is not after start {start}")]
    return []


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _relationship(item: Located[Relationship], ctx: _Context) -> list[Problem]:
    record = item.record
    problems = []
    rules = KIND_RULES[record.kind]
    for side, ref, allowed in (
        ("subject", record.subject, rules[0]),
        ("object", record.object, rules[1]),
    ):
        kind = ctx.kind_of(ref)
        if kind is None:
            problems.append(item.problem((side,), f"unknown polity or organisation '{ref}'"))
        elif kind not in allowed:
            want = " or ".join(_a(k) for k in sorted(allowed))
            problems.append(
                item.problem(
                    (side,), f"{record.kind} needs {want} as {side}, '{ref}' is {_a(kind)}"
                )
            )
        elif kind == POLITY and not (side == "object" and record.kind in STATELESS_OBJECTS):
            problems += _lifetime(item, ctx, ref, (side,), record.start)
    return problems


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _event(item: Located[Event], ctx: _Context) -> list[Problem]:
    record = item.record
    places = [(("places", i), place) for i, place in enumerate(record.places)]
    problems = _places(item, ctx, places, record.start.first_day)
    for index, ref in enumerate(record.participants):
        if ctx.kind_of(ref) is None:
            problems.append(
                item.problem(("participants", index), f"unknown polity or organisation '{ref}'")
            )
    return problems


def _places(
    item: Located[Any],
    ctx: _Context,
    places: Sequence[tuple[tuple[str | int, ...], Place]],
    day: date,
) -> list[Problem]:
    """Each place's polity is known and exists on ``day`` (the record's first day)."""
    problems = []
    for loc, place in places:
        polity = place.polity
        if polity is None:
            continue
        if not ctx.polities.known(polity):
            problems.append(item.problem((*loc, "polity"), f"unknown polity '{polity}'"))
        elif not ctx.polities.exists_on(polity, day):
            problems += _lifetime(item, ctx, polity, (*loc, "polity"), HistDate(day, "day"))
    return problems


def _lifetime(
    item: Located[Any], ctx: _Context, polity: str, loc: tuple[str | int, ...], start: HistDate
) -> list[Problem]:
    """Warn when the polity does not exist at any day of the record's start period."""
    polities = ctx.polities
    if polities.exists_on(polity, start.first_day):
        return []
    if not polities.gazetteer_available and polity not in polities.pack:
        return []
    if polities.exists_on(polity, start.day_after - timedelta(days=1)):  # its last day
        return []
    return [item.problem(loc, f"polity '{polity}' does not exist on {start}", "warning")]


def _tour(item: Located[Tour], ctx: _Context, check_excerpts: bool) -> list[Problem]:
    regions = _region_ids()
    problems = []
    for s_index, slide in enumerate(item.record.slides):
        base: tuple[str | int, ...] = ("slides", s_index)
        if slide.region is not None and regions is not None and slide.region not in regions:
            problems.append(item.problem((*base, "region"), f"unknown region '{slide.region}'"))
        for f_index, ref in enumerate(slide.focus):
            if ref not in ctx.records and ctx.kind_of(ref) is None:
                problems.append(item.problem((*base, "focus", f_index), f"unknown id '{ref}'"))
        for e_index, ref in enumerate(slide.excerpts):
            if check_excerpts and ref not in ctx.excerpts:
                problems.append(
                    item.problem((*base, "excerpts", e_index), f"unknown excerpt '{ref}'")
                )
    return problems


def _region_ids() -> frozenset[str] | None:
    try:
        from geodata.regions import REGIONS
    except ImportError:
        return None
    return frozenset(REGIONS)


def _pack_polity(item: Located[PackPolity], ctx: _Context) -> list[Problem]:
    record = item.record
    problems = _interval(item, record.start, record.end)
    if record.id in ctx.polities.gazetteer_ids():
        problems.append(item.problem(("id",), "polity already defined by the gazetteer"))
    if record.owner is not None and ctx.kind_of(record.owner) != POLITY:
        problems.append(item.problem(("owner",), f"unknown polity '{record.owner}'"))
    return problems


def _unlinked(ctx: _Context, corpus_path: str) -> list[Problem]:
    linked = {
        link.excerpt
        for item in ctx.all_items()
        if isinstance(item.record, Organisation | Event | Relationship)
        for link in item.record.excerpts
    }
    return [
        Problem(corpus_path, e.line, e.id, "-", "excerpt is linked by no record", "warning")
        for e in ctx.excerpts.values()
        if e.id not in linked
    ]
