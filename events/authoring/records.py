"""A spreadsheet row as a pack record (the YAML shape of organisations, events and
relationships), with every problem reported against its row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.authoring.resolve import Names, Unresolved
from events.authoring.sheet import Row, Sheet
from events.corpus import excerpt_id
from events.dates import HistDate
from events.model import RELATIONSHIP_KINDS, Pack

RECORD_FILES = {
    "organisation": "organisations-imported.yaml",
    "event": "events-imported.yaml",
    "relationship": "relationships-imported.yaml",
}
ORGANISATION_KINDS = frozenset(
    {"alliance", "international", "bureau", "union", "economic-union", "movement", "party",
     "council", "organisation", "pact"}
)  # fmt: skip
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Built:
    records: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {t: [] for t in RECORD_FILES}
    )
    new_lines: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # record id -> sheet row


class _Bad(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def build_records(sheet: Sheet, pack: Pack, imported: dict[str, list[dict[str, Any]]]) -> Built:
    """Every row's record; problems go to ``sheet.problems`` (the caller checks them)."""
    from geodata.polities import load_gazetteer

    names = Names(
        load_gazetteer(),
        {p.id: (p.name, p.start.value, p.end.value if p.end else None) for p in pack.polities},
        {o.id: o.name for o in pack.organisations},
    )
    own = {r["id"] for records in imported.values() for r in records}
    hand_written = {r.id for r in (*pack.organisations, *pack.events, *pack.relationships)} - own
    excerpts = _Excerpts(pack)
    built = Built()
    rows = [(row, _record_type(row)) for row in sheet.rows]
    # Organisations first: a relationship in the same sheet may name one.
    for row, record_type in rows:
        if record_type == "organisation" and row.cells.get("title"):
            org_id = row.cells.get("id") or _slug(row.cells["title"])
            names.add_organisation(org_id, row.cells["title"])
    for row, record_type in sorted(rows, key=lambda r: r[1] != "organisation"):
        try:
            if record_type is None:
                raise _Bad("record_type", "cannot tell what this row is: set record_type to "
                           "event, relationship or organisation")  # fmt: skip
            record = _build(row, record_type, names, excerpts)
        except _Bad as bad:
            sheet.problem(row.number, bad.column, str(bad))
            continue
        record_id = record["id"]
        if record_id in built.rows:
            sheet.problem(row.number, "id", f"{record_id!r} is also row {built.rows[record_id]}")
        elif record_id in hand_written:
            sheet.problem(row.number, "id", f"{record_id!r} is a hand-written record of the pack; "
                          "edit it there or give this row another id")  # fmt: skip
        else:
            built.rows[record_id] = row.number
            built.records[record_type].append(record)
    built.new_lines = excerpts.new_lines
    return built


def _record_type(row: Row) -> str | None:
    cells = row.cells
    given = cells.get("record_type", "").lower()
    if given:
        return given if given in RECORD_FILES else None
    if "subject" in cells or "object" in cells:
        return "relationship"
    if cells.get("kind", "").lower() in ORGANISATION_KINDS:
        return "organisation"
    if "title" in cells and ({"place", "lat", "lon", "polity"} & set(cells)):
        return "event"
    return None


def _build(row: Row, record_type: str, names: Names, excerpts: _Excerpts) -> dict[str, Any]:
    cells = row.cells
    start = _date(cells, "start", required=True)
    assert start is not None
    end = _date(cells, "end", required=False)
    day = start.value
    record: dict[str, Any] = {"id": ""}
    if record_type == "relationship":
        kind = cells.get("kind", "").strip().lower().replace(" ", "_").replace("-", "_")
        if kind not in RELATIONSHIP_KINDS:
            raise _Bad("kind", f"{cells.get('kind', '')!r} is not a relationship kind; one of "
                       + ", ".join(RELATIONSHIP_KINDS))  # fmt: skip
        sides = {}
        for column in ("subject", "object"):
            if column not in cells:
                raise _Bad(column, f"a relationship needs a {column}")
            try:
                sides[column] = names.resolve(cells[column], day)
            except Unresolved as exc:
                raise _Bad(column, str(exc)) from None
        record.update(kind=kind, subject=sides["subject"], object=sides["object"])
        if "title" in cells:
            record["title"] = cells["title"]
        fallback = f"{sides['subject']}-{kind}-{sides['object']}-{start}"
    else:
        if "title" not in cells:
            raise _Bad("title", f"an {record_type} needs a title" if record_type == "event"
                       else "an organisation needs its name in title")  # fmt: skip
        kind = _slug(cells.get("kind", "") or record_type)
        place = _place(cells, day, names)
        if record_type == "event":
            record.update(title=cells["title"], kind=kind, places=[place])
        else:
            record.update(name=cells["title"], kind=kind, seat=place)
        fallback = f"{cells['title']}-{start}"
    record["id"] = cells.get("id") or _slug(fallback)
    if not ID.match(record["id"]):
        raise _Bad("id", f"{record['id']!r} is not an id: lower-case letters, digits, hyphens")
    record["start"] = str(start)
    if end is not None:
        record["end"] = str(end)
    record["excerpts"] = [excerpts.link(cells)]
    provenance = cells.get("provenance", "stated").lower()
    if provenance not in ("stated", "context"):
        raise _Bad("provenance", f"{provenance!r}: use stated (the excerpt says it) or context")
    record["provenance"] = provenance
    if "note" in cells:
        record["note"] = cells["note"]
    return record


def _date(cells: dict[str, str], column: str, *, required: bool) -> HistDate | None:
    if column not in cells:
        if required:
            raise _Bad(column, "a start date is needed (1955, 1955-05 or 1955-05-14)")
        return None
    try:
        return HistDate.parse(cells[column])
    except ValueError as exc:
        raise _Bad(column, str(exc)) from None


def _place(cells: dict[str, str], day: date, names: Names) -> dict[str, Any]:
    place: dict[str, Any] = {}
    if "polity" in cells:
        try:
            place["polity"] = names.resolve(cells["polity"], day, organisations=False)
        except Unresolved as exc:
            raise _Bad("polity", str(exc)) from None
    if ("lat" in cells) != ("lon" in cells):
        raise _Bad("lat" if "lat" not in cells else "lon", "lat and lon go together")
    if "lat" in cells:
        for column, limit in (("lat", 90), ("lon", 180)):
            try:
                value = float(cells[column])
            except ValueError:
                raise _Bad(column, f"{cells[column]!r} is not a number") from None
            if not -limit <= value <= limit:
                raise _Bad(column, f"{value} is outside -{limit}..{limit}")
            place[column] = value
    if "place" in cells:
        if "lat" not in place and "polity" not in place:
            try:  # a place that is a state's name: drawn at the state
                place["polity"] = names.resolve(cells["place"], day, organisations=False)
            except Unresolved:
                raise _Bad("place", f"{cells['place']!r} needs lat and lon (or a polity)") from None
        else:
            place["label"] = cells["place"][:200]
    if not place:
        raise _Bad("place", "needs a place: lat and lon, or a polity")
    return place


class _Excerpts:
    """Excerpt cells: an id of the corpus, or a passage (new ones appended to the corpus)."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.by_text = {e.text.strip(): e.id for e in pack.excerpts}
        self.texts = {e.id: e.text for e in pack.excerpts}
        corpus = pack.path / pack.manifest.corpus
        self.next_line = len(corpus.read_text(encoding="utf-8-sig").splitlines()) + 1
        self.new_lines: list[str] = []

    def link(self, cells: dict[str, str]) -> dict[str, str]:
        given = cells.get("excerpt")
        if given is None:
            raise _Bad("excerpt", "every record needs an excerpt: an excerpt id or the passage")
        if given in self.texts:
            excerpt, text = given, self.texts[given]
        elif ID.match(given) and re.search(r"-[0-9]+$", given):
            raise _Bad("excerpt", f"no excerpt {given!r} in the corpus")
        elif "\n" in given or "\r" in given:
            raise _Bad("excerpt", "a passage must be one line (the corpus has one a line)")
        else:
            text = given
            excerpt = self.by_text.get(text) or self._append(text)
        quote = cells.get("quote") or text.strip()
        if quote not in text:
            raise _Bad("quote", "the quote is not, word for word, in the excerpt")
        return {"excerpt": excerpt, "quote": quote}

    def _append(self, text: str) -> str:
        new_id = excerpt_id(self.pack.manifest.excerpt_prefix, self.next_line)
        self.next_line += 1
        self.new_lines.append(text)
        self.by_text[text] = new_id
        self.texts[new_id] = text
        return new_id


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))[:100].strip("-") or "record"
