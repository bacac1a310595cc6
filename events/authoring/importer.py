"""``histatlas import``: a spreadsheet's rows into a pack's records, all or nothing.

Each row becomes one organisation, event or relationship (``record_type``, or guessed: a row
with ``subject``/``object`` is a relationship, one with a place an event). Imported records
live in ``organisations-imported.yaml``, ``events-imported.yaml`` and
``relationships-imported.yaml`` beside the hand-written files; an id already there is
updated in place, a new id appended, and an id of a hand-written record refused. An
``excerpt`` cell holds an excerpt id or a passage of text: a passage not yet in the corpus is
added as a new line (its id follows from the line). The result is validated in a copy of the
pack first; only a valid pack is written, file by file, atomically.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from events.authoring.files import records_yaml, write_files
from events.authoring.records import RECORD_FILES, build_records
from events.authoring.sheet import read_sheet
from events.pack import load_pack, validate_pack
from events.problems import PackError

HEADER = "Written by `histatlas import`; imported rows update these records by id.\n"


class ImportError_(Exception):  # the builtin's name is taken
    """The file cannot be imported; ``lines`` holds every problem, one line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0] if lines else "import failed")
        self.lines = lines


@dataclass
class Report:
    """What an import did, by record type: ids added, changed and left as they were."""

    file: str
    added: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: dict[str, list[str]] = field(default_factory=dict)
    excerpts_added: int = 0
    warnings: list[str] = field(default_factory=list)

    def count(self, what: dict[str, list[str]]) -> int:
        return sum(len(ids) for ids in what.values())

    def summary(self) -> str:
        parts = [
            f"{self.file}: {self.count(self.added)} added, {self.count(self.changed)} changed, "
            f"{self.count(self.unchanged)} unchanged, {self.excerpts_added} new excerpt(s)"
        ]
        for label, what in (("added", self.added), ("changed", self.changed)):
            for record_type, ids in sorted(what.items()):
                if not ids:
                    continue
                shown = ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else "")
                parts.append(f"  {label} {record_type}s: {shown}")
        parts += [f"  {w}" for w in self.warnings]
        return "\n".join(parts)


def import_sheet(path: Path, pack_dir: Path, name: str | None = None) -> Report:
    """Import ``path`` into the pack at ``pack_dir``; raises ImportError_ with every problem.

    ``name`` is how problems name the file (an upload's own name)."""
    shown = name or path.name
    try:
        pack = load_pack(pack_dir)
    except PackError as exc:
        raise ImportError_(
            [
                f"{pack_dir}: the pack is not valid; fix it first (histatlas validate {pack_dir})",
                *[str(p) for p in exc.problems if p.is_error][:20],
            ]
        ) from None
    sheet = read_sheet(path, shown)
    if sheet.problems:
        raise ImportError_(sheet.problems)
    if not sheet.rows:
        raise ImportError_([f"{shown}:0:-: no rows to import (only a header, or empty)"])
    imported = _imported_records(pack_dir)
    built = build_records(sheet, pack, imported)
    if sheet.problems:
        raise ImportError_(sheet.problems)
    report = Report(shown, excerpts_added=len(built.new_lines))
    files: list[tuple[Path, str]] = []
    if built.new_lines:
        corpus = pack_dir / pack.manifest.corpus
        text = corpus.read_text(encoding="utf-8-sig")
        text += ("" if text.endswith("\n") or not text else "\n") + "\n".join(built.new_lines)
        files.append((corpus, text + "\n"))
    for record_type, file_name in RECORD_FILES.items():
        old = imported.get(record_type, [])
        merged, added, changed, same = _merge(old, built.records[record_type])
        if added or changed:
            files.append((pack_dir / file_name, records_yaml(merged, HEADER)))
        report.added[record_type], report.changed[record_type] = added, changed
        report.unchanged[record_type] = same
    report.warnings = _check_in_copy(pack_dir, files, built.rows, shown)
    write_files(files)
    return report


def _imported_records(pack_dir: Path) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for record_type, file_name in RECORD_FILES.items():
        path = pack_dir / file_name
        if path.is_file():
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
            found[record_type] = [dict(r) for r in data if isinstance(r, dict)]
    return found


def _merge(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str], list[str], list[str]]:
    merged = {r["id"]: r for r in old}
    added, changed, same = [], [], []
    for record in new:
        before = merged.get(record["id"])
        if before is None:
            added.append(record["id"])
        elif before != record and _plain(before) != _plain(record):  # (the dump is slow)
            changed.append(record["id"])
        else:
            same.append(record["id"])
        merged[record["id"]] = record
    return list(merged.values()), added, changed, same


def _plain(record: dict[str, Any]) -> str:
    """A record as its YAML reads back (dates and numbers as the file holds them)."""
    return yaml.dump(yaml.safe_load(records_yaml([record])), sort_keys=True)


# Where a validation problem's field shows in the sheet.
COLUMN_OF = {"name": "title", "seat": "place", "places": "place", "excerpts": "quote",
             "participants": "subject"}  # fmt: skip


def _check_in_copy(
    pack_dir: Path, files: list[tuple[Path, str]], rows: dict[str, int], shown: str
) -> list[str]:
    """Validate the pack as it would be written; raise ImportError_ on any error, return the
    warnings about imported records (as sheet lines)."""
    with tempfile.TemporaryDirectory(prefix="histatlas-import-") as scratch:
        copy = Path(scratch) / "pack"
        shutil.copytree(pack_dir, copy, symlinks=True)
        for path, text in files:
            (copy / path.name).write_text(text, encoding="utf-8")
        problems = validate_pack(copy)
    errors: list[str] = []
    warnings: list[str] = []
    for problem in problems:
        row = rows.get(problem.record_id)
        if row is None and problem.is_error:
            errors.append(str(problem).replace(str(copy), str(pack_dir)))
        elif row is not None:
            top = re.split(r"[.\[]", problem.field)[0]
            line = f"{shown}:{row}:{COLUMN_OF.get(top, top)}: {problem.message}"
            (errors if problem.is_error else warnings).append(line)
    if errors:
        raise ImportError_(errors)
    return warnings
