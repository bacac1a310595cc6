"""A text into a draft pack: the corpus (the text split into excerpts), the candidates as
records marked ``review: candidate`` with their confidence and quote, and a manifest.

The draft is written to a temporary folder, validated, and renamed into place; a candidate
the pack format refuses is left out and *named* in the result (never silently dropped).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from events.authoring.files import records_yaml
from events.authoring.scaffold import MANIFEST, NewPackError, guess_horizon
from events.corpus import excerpt_id
from events.dates import HistDate
from events.ingest.extract import Memory, extract
from events.ingest.lexicon import lexicon
from events.ingest.rules import Candidate, nlp

MAX_BYTES = 10 * 1024 * 1024
SPLITS = ("lines", "sentences")
NOTE = "Proposed by histatlas ingest (rule {rule}); check it against the excerpt, then accept."


class IngestError(Exception):
    """The text cannot be ingested; one line saying why."""


@dataclass
class Draft:
    path: Path
    excerpts: int
    counts: Counter[str] = field(default_factory=Counter)
    left_out: list[str] = field(default_factory=list)

    def summary(self) -> str:
        found = ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items())) or "nothing"
        lines = [f"draft pack {self.path}: {self.excerpts} excerpts; candidates: {found}"]
        lines += [f"  left out: {why}" for why in self.left_out]
        lines.append(f"  review them: histatlas serve --pack {self.path} (Review tab)")
        return "\n".join(lines)


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise IngestError(f"{path}: {size / 2**20:.0f} MB; the limit is 10 MB (split the text)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        raise IngestError(f"{path}: not UTF-8 ({where}); save it as UTF-8 and try again") from None
    if "\x00" in text:
        raise IngestError(f"{path}: holds NUL bytes; not a plain text")
    if not text.strip():
        raise IngestError(f"{path}: the text is empty")
    return text


def split(text: str, how: str) -> list[str]:
    """The excerpts: each non-blank line, or each sentence of each line."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = ["".join(ch for ch in line if ch.isprintable()) for line in lines if line]
    if how == "lines":
        return lines
    out = []
    for line in lines:
        doc = nlp()(line)
        out += [s.text.strip() for s in doc.sents if s.text.strip()]
    return out


def ingest(source: Path, target: Path, title: str | None = None, how: str = "sentences") -> Draft:
    """Make the draft pack at ``target`` (absent or empty) from the text at ``source``."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise IngestError(f"{target} exists and is not an empty folder; choose a new one")
    pieces = split(read_text(source), how)
    prefix = "tx"
    ids = [excerpt_id(prefix, n) for n in range(1, len(pieces) + 1)]
    candidates, memory = extract(list(zip(ids, pieces, strict=True)), lexicon())
    records = _records(candidates, memory, dict(zip(ids, pieces, strict=True)))
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    draft = Draft(target, len(pieces))
    try:
        _write(building, title or source.stem, pieces, records, prefix)
        _drop_invalid(building, records, draft, title or source.stem, pieces, prefix)
        if target.exists():
            target.rmdir()
        os.replace(building, target)
    finally:
        if building.exists():
            shutil.rmtree(building)
    for record_type, items in records.items():
        for record in items:
            draft.counts[record.get("kind", record_type) if record_type == "relationship"
                         else record_type] += 1  # fmt: skip
    return draft


def _records(
    candidates: list[Candidate], memory: Memory, texts: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"organisation": [], "event": [], "relationship": []}
    used: set[str] = set()
    org_ids: dict[str, str] = {}
    for org_key, name in memory.org_names.items():
        org_ids[org_key] = _unique(_slug(name), used)
    for candidate in candidates:
        fields = dict(candidate.fields)
        for side in ("subject", "object"):
            if fields.get(side) in org_ids:
                fields[side] = org_ids[fields[side]]
        base = _slug(
            "-".join(str(fields.get(k, "")) for k in ("subject", "kind", "object"))
            if candidate.record_type == "relationship"
            else fields["title"][:60]
        )
        record = {"id": _unique(f"{base}-{fields['start']}".strip("-"), used), **fields}
        first, last = candidate.span
        record["excerpts"] = [{"excerpt": candidate.excerpt,
                               "quote": texts[candidate.excerpt][first:last].strip()}]  # fmt: skip
        if "end_excerpt" in candidate.extra:  # the words that end it, often elsewhere
            where, (a, b) = candidate.extra["end_excerpt"]
            link = {"excerpt": where, "quote": texts[where][a:b]}
            if link not in record["excerpts"]:
                record["excerpts"].append(link)
        record.update(provenance="stated", note=NOTE.format(rule=candidate.rule),
                      review="candidate", confidence=candidate.confidence)  # fmt: skip
        out[candidate.record_type].append(record)
    for org_key, org_id in org_ids.items():
        org = _organisation(org_key, org_id, memory, out["relationship"], texts)
        if org is not None:
            out["organisation"].append(org)
    referenced = {r["object"] for r in out["relationship"]}
    out["organisation"] = [o for o in out["organisation"] if o["id"] in referenced]
    return out


def _organisation(
    org_key: str,
    org_id: str,
    memory: Memory,
    relationships: list[dict[str, Any]],
    texts: dict[str, str],
) -> dict[str, Any] | None:
    name = memory.org_names[org_key]
    members = [r for r in relationships if r["object"] == org_id]
    founding = memory.founding.get(org_key)
    if founding is None and not members:
        return None
    if founding is not None:
        start, city, excerpt, _ = founding
    else:
        first = min(members, key=lambda r: HistDate.parse(r["start"]).value)
        start, city, excerpt = HistDate.parse(first["start"]), None, first["excerpts"][0]["excerpt"]
    if city is not None:
        seat: dict[str, Any] = {"lat": city.lat, "lon": city.lon, "label": city.text}
        note = ""
    elif members:
        seat = {"polity": members[0]["subject"]}
        note = " The seat is not in the text: drawn at the first member."
    else:
        return None
    text = texts[excerpt]
    quote = name if name in text else text.strip()
    return {
        "id": org_id, "name": name, "kind": _org_kind(name), "seat": seat, "start": str(start),
        "excerpts": [{"excerpt": excerpt, "quote": quote}], "provenance": "stated",
        "note": NOTE.format(rule="organisation name") + note, "review": "candidate",
        "confidence": 0.7 if founding else 0.5,
    }  # fmt: skip


def _org_kind(name: str) -> str:
    lower = name.lower()
    for word, kind in (
        ("pact", "alliance"),
        ("alliance", "alliance"),
        ("treaty", "alliance"),
        ("international", "international"),
        ("party", "party"),
        ("movement", "movement"),
        ("council", "council"),
        ("bureau", "bureau"),
    ):
        if word in lower:
            return kind
    return "organisation"


def _write(
    folder: Path, title: str, pieces: list[str], records: dict[str, list], prefix: str
) -> None:
    first, last = guess_horizon("\n".join(pieces))
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    manifest = MANIFEST.format(title=quoted, corpus="text.txt", prefix=prefix, start=first,
                               end=last, year=first)  # fmt: skip
    (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    (folder / "text.txt").write_text("\n".join(pieces) + "\n", encoding="utf-8")
    header = "Candidates proposed by `histatlas ingest`: review them in the dashboard."
    for record_type, items in records.items():
        name = {"organisation": "organisations", "event": "events", "relationship":
                "relationships"}[record_type] + ".yaml"  # fmt: skip
        (folder / name).write_text(records_yaml(items, header), encoding="utf-8")


def _drop_invalid(
    folder: Path,
    records: dict[str, list],
    draft: Draft,
    title: str,
    pieces: list[str],
    prefix: str,
) -> None:
    """Leave out the candidates the pack format refuses, naming each, until the pack is valid."""
    from events.pack import validate_pack

    for _ in range(5):
        errors = [p for p in validate_pack(folder) if p.is_error]
        if not errors:
            return
        bad = {p.record_id for p in errors}
        for items in records.values():
            for record in [r for r in items if r["id"] in bad]:
                reason = next(p.message for p in errors if p.record_id == record["id"])
                draft.left_out.append(f"{record['id']}: {reason}")
                items.remove(record)
        if not bad - {"-"}:
            raise NewPackError(f"the draft is not valid: {errors[0]}")
        _write(folder, title, pieces, records, prefix)
    raise NewPackError("the draft could not be made valid")


def _slug(text: str) -> str:
    import re

    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))[:80].strip("-") or "record"


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
