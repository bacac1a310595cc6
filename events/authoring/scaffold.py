"""``histatlas new``: a valid, empty pack to fill in, and the spreadsheet template.

The pack is built in a temporary folder beside the target, validated, then renamed into
place, so a half-made pack never appears. Each record file holds a commented example of its
kind; the manifest's sources and horizon say what to fill in.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from events.authoring.files import write_atomic
from events.pack import validate_pack

SHEET_COLUMNS = (
    "id", "record_type", "kind", "title", "subject", "object", "start", "end", "place",
    "lat", "lon", "polity", "excerpt", "quote", "provenance", "note",
)  # fmt: skip
DEFAULT_CORPUS = "corpus.txt"
PLACEHOLDER_LINE = "Replace this line with the first passage of your source: one passage a line."
YEAR = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2})(?![0-9])")


class NewPackError(Exception):
    """The pack cannot be made; the message says why in one line."""


def new_pack(target: Path, title: str, corpus: Path | None = None) -> Path:
    """Make a valid pack at ``target`` (absent or an empty folder); returns its path."""
    title = " ".join(title.split())
    if not title:
        raise NewPackError("the title is empty")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewPackError(f"{target} exists and is not an empty folder; choose a new one")
    text, corpus_name = _corpus(corpus)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _fill(building, title, text, corpus_name)
        errors = [p for p in validate_pack(building) if p.is_error]
        if errors:  # a corpus the pack format refuses (the only input that can be wrong)
            raise NewPackError(str(errors[0]).replace(str(building), str(target)))
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(building, target)
    finally:
        if building.exists():
            shutil.rmtree(building)
    return target


def write_template(path: Path) -> None:
    """The import template: the header row of every column ``histatlas import`` reads."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "records"
        sheet.append(list(SHEET_COLUMNS))
        book.save(path)
        return
    write_atomic(path, ",".join(SHEET_COLUMNS) + "\n")


def _corpus(corpus: Path | None) -> tuple[str, str]:
    if corpus is None:
        return PLACEHOLDER_LINE + "\n", DEFAULT_CORPUS
    try:
        raw = corpus.read_bytes()
    except OSError as exc:
        raise NewPackError(f"cannot read {corpus}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NewPackError(
            f"{corpus}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 text and try again"
        ) from None
    if not text.strip():
        raise NewPackError(f"{corpus}: the text is empty")
    name = corpus.name if re.fullmatch(r"[A-Za-z0-9._-]{1,200}", corpus.name) else DEFAULT_CORPUS
    return text, name


def _prefix(title: str) -> str:
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", title.lower()))[:4]
    return initials or "ex"


def guess_horizon(text: str) -> tuple[int, int]:
    years = [int(y) for y in YEAR.findall(text) if int(y) <= date.today().year]
    return (min(years), max(years)) if years else (1900, 2000)


def _fill(folder: Path, title: str, text: str, corpus_name: str) -> None:
    first, last = guess_horizon(text)
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    manifest = MANIFEST.format(
        title=quoted, corpus=corpus_name, prefix=_prefix(title), start=first, end=last,
        year=first,
    )  # fmt: skip
    (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    (folder / corpus_name).write_text(text, encoding="utf-8")
    for name, example in EXAMPLES.items():
        example = example.replace("excerpt: ex-", f"excerpt: {_prefix(title)}-")
        (folder / name).write_text(example.replace("[ex-01]", f"[{_prefix(title)}-01]"), "utf-8")


MANIFEST = """\
# What this pack is. Fill in `sources` (who wrote the text, under which licence) before you
# share it; `horizon` was guessed from the years in the text - set the span you cover.
title: {title}
description: ""
corpus: {corpus}
excerpt_prefix: {prefix}  # excerpt ids are {prefix}-01, {prefix}-02, ... (the corpus's lines)
sources:
  - title: "The source of {corpus} (replace with its title)"
    author: "unknown (fill in)"
    licence: "unknown (fill in before sharing)"
horizon:
  start: {start}
  end: {end}
default_view:
  year: {year}
  region: world
  layers: [political, alliances, partitions, deployments, occupation, events]
"""

EXAMPLES = {
    "organisations.yaml": """\
# Organisations: alliances, internationals, councils, parties. Remove the leading '# ' of
# an example to use it (the quote must be words of the excerpt, exactly).
#
# - id: council-for-mutual-economic-assistance
#   name: Council for Mutual Economic Assistance
#   kind: economic-union
#   seat: {lat: 55.7558, lon: 37.6173, label: Moscow}
#   start: 1949-01-25
#   end: 1991-06-28
#   excerpts:
#     - {excerpt: ex-01, quote: "set up the Council for Mutual Economic Assistance"}
#   provenance: stated
[]
""",
    "events.yaml": """\
# Events: something that happened at a place on a date.
#
# - id: comecon-founded
#   title: Comecon is founded in Moscow
#   kind: founding
#   places: [{lat: 55.7558, lon: 37.6173, label: Moscow}]
#   start: 1949-01
#   excerpts:
#     - {excerpt: ex-01, quote: "founded in Moscow in January 1949"}
#   provenance: stated
[]
""",
    "relationships.yaml": """\
# Relationships: "subject KIND object" over a span of time. Kinds: member_of, partitioned,
# annexed, occupied, deployed_to, backed, seated_in, part_of.
#
# - id: poland-in-comecon
#   kind: member_of
#   subject: poland
#   object: council-for-mutual-economic-assistance
#   start: 1949-01-25
#   end: 1991-06-28
#   excerpts:
#     - {excerpt: ex-01, quote: "Poland"}
#   provenance: stated
[]
""",
    "tours.yaml": """\
# Tours: slides for a presentation (presenter mode, PDF handouts).
#
# - id: comecon-tour
#   title: Comecon in five maps
#   slides:
#     - title: The founding
#       date: 1949
#       region: eastern-europe
#       layers: [political, alliances]
#       focus: [council-for-mutual-economic-assistance]
#       caption: Six states set up the council in January 1949.
#       excerpts: [ex-01]
[]
""",
    "polities.yaml": """\
# Polities the built-in gazetteer lacks (its ids: `histatlas slice --date D`).
#
# - id: free-territory-of-trieste
#   name: Free Territory of Trieste
#   start: 1947-09-15
#   end: 1954-10-26
#   status: independent
#   lat: 45.65
#   lon: 13.78
#   note: Peace treaty with Italy, 1947; divided by the London Memorandum of 1954.
[]
""",
}
