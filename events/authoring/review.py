"""Review decisions written back to a pack: accept a candidate (it becomes an ordinary,
reviewed record), reject it (it leaves the pack), or edit it and accept it.

Decisions are applied to the YAML files that hold the records, validated in a copy of the
pack, and only then written, file by file, atomically: relationships and events before
organisations, so a crash between two files never leaves a record pointing at an
organisation that is gone. Rejecting an organisation rejects the candidates that need it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from events.authoring.files import records_yaml, write_files
from events.pack import validate_pack

ORDER = ("relationships", "events", "organisations")  # the order files are written in
REVIEWED_NOTE = "Reviewed in histatlas: {what}."


class ReviewError(Exception):
    """The decisions would leave the pack invalid; ``lines`` says why (nothing written)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0] if lines else "review failed")
        self.lines = lines


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.accepted)} accepted", f"{len(self.rejected)} rejected"]
        if self.edited:
            parts.append(f"{len(self.edited)} of them edited")
        return ", ".join(parts)


def _files(pack_dir: Path) -> dict[Path, tuple[str, list[dict[str, Any]]]]:
    """Every record file of the pack: its leading comment lines and its records."""
    found = {}
    for stem in ORDER:
        for path in sorted(pack_dir.glob(f"{stem}*.yaml")):
            text = path.read_text(encoding="utf-8")
            header = []
            for line in text.splitlines():
                if not line.startswith("#"):
                    break
                header.append(line[1:].removeprefix(" "))
            records = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
            found[path] = ("\n".join(header), [dict(r) for r in records])
    return found


def _refers_to(record: dict[str, Any], some_id: str) -> bool:
    places = [*record.get("places", []), record.get("seat") or {}]
    sides = (record.get("subject"), record.get("object"), *record.get("participants", []))
    return some_id in sides or any(p.get("polity") == some_id for p in places)


def apply(
    pack_dir: Path,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    edits: dict[str, dict[str, Any]] | None = None,
) -> Outcome:
    """Apply the decisions (edited records are accepted); raises ReviewError, writing nothing,
    if an id is unknown or not a candidate, or if the result would not be valid."""
    edits = edits or {}
    files = _files(pack_dir)
    by_id = {r["id"]: (path, r) for path, (_, records) in files.items() for r in records}
    problems = []
    for record_id in [*accept, *reject, *edits]:
        if record_id not in by_id:
            problems.append(f"{record_id}: no such record in {pack_dir}")
        elif by_id[record_id][1].get("review") != "candidate":
            problems.append(f"{record_id}: already reviewed")
    if problems:
        raise ReviewError(problems)
    outcome = Outcome()
    gone = set(reject)
    for record_id in list(gone):  # an organisation takes the candidates that need it along
        for _, records in files.values():
            for record in records:
                if record.get("review") == "candidate" and _refers_to(record, record_id):
                    gone.add(record["id"])
    for record_id in [*accept, *edits]:
        if record_id in gone:
            continue
        record = by_id[record_id][1]
        for name, value in edits.get(record_id, {}).items():
            if value in (None, ""):
                record.pop(name, None)
            else:
                record[name] = value
        what = "edited and accepted" if record_id in edits else "accepted"
        record.pop("review", None)
        record.pop("confidence", None)
        note = [record.get("note", ""), REVIEWED_NOTE.format(what=what)]
        record["note"] = " ".join(filter(None, note))
        (outcome.edited if record_id in edits else outcome.accepted).append(record_id)
        if record_id in edits:
            outcome.accepted.append(record_id)
    outcome.rejected = sorted(gone)
    touched = {by_id[i][0] for i in [*outcome.accepted, *gone]}
    texts = []  # only the files that change: a hand-written file keeps its layout otherwise
    for path, (header, records) in files.items():
        if path in touched:
            kept = [r for r in records if r["id"] not in gone]
            texts.append((path, records_yaml(kept, header)))
    _check(pack_dir, texts)
    write_files(texts)
    return outcome


def _check(pack_dir: Path, texts: list[tuple[Path, str]]) -> None:
    with tempfile.TemporaryDirectory(prefix="histatlas-review-") as scratch:
        copy = Path(scratch) / "pack"
        shutil.copytree(pack_dir, copy, symlinks=True)
        for path, text in texts:
            (copy / path.name).write_text(text, encoding="utf-8")
        errors = [p for p in validate_pack(copy) if p.is_error]
    if errors:
        raise ReviewError([str(p).replace(str(copy), str(pack_dir)) for p in errors])
