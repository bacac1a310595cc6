"""Load and validate a pack directory; every problem is reported, nothing half-loaded."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from events.checks import Located, check_records
from events.corpus import CorpusError, Excerpt, parse_corpus
from events.dates import Interval
from events.gcpause import gc_paused
from events.model import Event, Manifest, Organisation, Pack, PackPolity, Relationship, Tour
from events.problems import PackError, Problem, field_name
from events.yamlload import (
    Lines,
    YamlDoc,
    YamlError,
    decode_utf8,
    line_of,
    read_bytes_limited,
    read_yaml,
)

__all__ = ["DEFAULT_PACK_DIR", "PackError", "Problem", "load_pack", "validate_pack"]

DEFAULT_PACK_DIR = Path(__file__).resolve().parent / "packs" / "internationalism"
MANIFEST = "manifest.yaml"
RECORD_FILES: dict[str, type[BaseModel]] = {
    "polities.yaml": PackPolity,
    "organisations.yaml": Organisation,
    "events.yaml": Event,
    "relationships.yaml": Relationship,
    "tours.yaml": Tour,
}

M = TypeVar("M", bound=BaseModel)
# A pack this big is moved out of the cyclic collector's reach (gc.freeze) once built: it is
# built with the collector paused, and its million-odd objects (none in a cycle; refcounting
# still frees them) would otherwise be walked by the next few collections, about 2.5 s of
# CPU for 100,000 records spread over whatever runs next. Everything else alive at that
# moment is frozen too, so small packs (tests load many) are left alone.
FREEZE_RECORDS = 20_000


def _showable_id(value: object) -> bool:
    """An id worth naming in a problem line even when invalid (one printable, short line)."""
    return isinstance(value, str) and 0 < len(value) <= 200 and value.isprintable()


def load_pack(path: Path | None = None) -> Pack:
    """The pack at ``path`` (None: the built-in pack), fully validated.

    Raises PackError listing every problem when any error is found; warnings are kept on
    ``Pack.warnings``. Pure: the same directory gives an equal result (callers cache it).
    """
    with gc_paused():
        pack, problems = _build(path)
        if pack is not None and _records(pack) >= FREEZE_RECORDS:
            gc.freeze()  # see FREEZE_RECORDS
    if pack is None or any(p.is_error for p in problems):
        raise PackError(sorted(problems, key=lambda p: (not p.is_error, p.path, p.line)))
    return pack


def _records(pack: Pack) -> int:
    return len(pack.organisations) + len(pack.events) + len(pack.relationships)


def validate_pack(path: Path | None = None) -> list[Problem]:
    """Every problem (errors and warnings) in the pack, in file and line order."""
    with gc_paused():
        problems = _build(path)[1]
    return sorted(problems, key=lambda p: (p.path, p.line, p.record_id, p.field))


def display_root(path: Path | None) -> tuple[Path, str]:
    """The directory to read and the prefix problems show for it.

    A pack given by the caller is shown as given (e.g. ``my-pack/events.yaml``); the
    built-in pack as ``events/packs/internationalism/...``, relative to the repository.
    """
    if path is None:
        return DEFAULT_PACK_DIR, DEFAULT_PACK_DIR.relative_to(
            DEFAULT_PACK_DIR.parents[2]
        ).as_posix()
    return Path(path), Path(path).as_posix()


@dataclass
class _Reader:
    root: Path
    label: str
    problems: list[Problem] = field(default_factory=list)

    def shown(self, name: str) -> str:
        return f"{self.label}/{name}"

    def add(self, name: str, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown(name), line, "-", "-", message))

    def safe_file(self, name: str, *, required: bool) -> Path | None:
        """The file inside the pack, or None (with a problem when it is required or unsafe)."""
        candidate = self.root / name
        if not candidate.exists() and not candidate.is_symlink():
            if required:
                self.add(name, 0, "required file is missing")
            return None
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling link or a symlink loop
            self.add(name, 0, "cannot be opened (a dangling symlink or a symlink loop)")
            return None
        if not resolved.is_relative_to(self.root.resolve()):
            self.add(name, 0, "is a symlink leading outside the pack directory; refused")
            return None
        if not resolved.is_file():
            self.add(name, 0, "is not a regular file")
            return None
        return resolved

    def yaml_doc(self, name: str, *, required: bool) -> YamlDoc | None:
        path = self.safe_file(name, required=required)
        if path is None:
            return None
        try:
            return read_yaml(path)
        except YamlError as exc:
            self.add(name, exc.line, exc.message)
        except OSError as exc:
            self.add(name, 0, f"cannot be read: {exc.strerror or exc}")
        return None

    def model(
        self, name: str, model: type[M], data: Any, node: Callable[[], Lines | None]
    ) -> M | None:
        """The record validated, or None with a problem per error (``node`` gives its lines,
        looked up only when something is wrong)."""
        try:
            return model.__pydantic_validator__.validate_python(
                data
            )  # model_validate, sans wrapper
        except ValidationError as exc:
            record_id = data.get("id") if isinstance(data, dict) else None
            rid = record_id if isinstance(record_id, str) and _showable_id(record_id) else "-"
            lines = node()
            for err in exc.errors():
                loc = tuple(err["loc"])
                self.problems.append(
                    Problem(
                        self.shown(name),
                        line_of(lines, loc),
                        rid,
                        field_name(loc),
                        clean_message(err["msg"], err["type"]),
                    )
                )
            return None

    def records(self, name: str, model: type[M]) -> list[Located[M]]:
        doc = self.yaml_doc(name, required=False)
        if doc is None or doc.data is None:
            return []
        data, lines = doc.data, doc.lines
        if not isinstance(data, list):
            self.add(name, line_of(lines.tree, ()), "expected a list of records (- id: ...)")
            return []
        found: list[Located[M]] = []
        for index, item in enumerate(data):
            if not isinstance(item, dict):
                self.add(
                    name, line_of(lines.item(index), ()), "each record must be a mapping of fields"
                )
                continue
            record = self.model(name, model, item, partial(lines.item, index))
            if record is not None:
                found.append(Located(record, self.shown(name), lines, index))
        return found


def record_files(root: Path, name: str) -> list[str]:
    """``events.yaml`` and its parts ``events-*.yaml`` (sorted): big packs split their records."""
    stem = name.removesuffix(".yaml")
    return [name, *sorted(p.name for p in root.glob(f"{stem}-*.yaml"))]


def clean_message(msg: str, kind: str) -> str:
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (not part of the pack format)"
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[:1].lower() + msg[1:]


def _excerpts(reader: _Reader, manifest: Manifest | None) -> tuple[Excerpt, ...] | None:
    if manifest is None:
        return None
    path = reader.safe_file(manifest.corpus, required=True)
    if path is None:
        return None
    try:
        data = read_bytes_limited(path)
        decode_utf8(data)
        return parse_corpus(data, manifest.excerpt_prefix)
    except (YamlError, CorpusError) as exc:
        reader.add(manifest.corpus, exc.line, exc.message)
    except OSError as exc:
        reader.add(manifest.corpus, 0, f"cannot be read: {exc.strerror or exc}")
    return None


def _manifest(reader: _Reader) -> Manifest | None:
    doc = reader.yaml_doc(MANIFEST, required=True)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        reader.add(MANIFEST, line_of(doc.node, ()), "expected a mapping (title: ..., corpus: ...)")
        return None
    manifest = reader.model(MANIFEST, Manifest, doc.data, lambda: doc.node)
    if manifest is not None and Interval.of(manifest.horizon.start, manifest.horizon.end).empty:
        h = manifest.horizon
        reader.problems.append(
            Problem(
                reader.shown(MANIFEST),
                line_of(doc.node, ("horizon", "end")),
                "-",
                "horizon.end",
                f"end {h.end} is not after start {h.start}",
            )
        )
        return None
    return manifest


def _build(path: Path | None) -> tuple[Pack | None, list[Problem]]:
    root, label = display_root(path)
    reader = _Reader(root, label)
    if not root.is_dir():
        return None, [Problem(label, 0, "-", "-", "pack directory not found")]
    manifest = _manifest(reader)
    excerpts = _excerpts(reader, manifest)
    located = {
        name: [item for part in record_files(root, name) for item in reader.records(part, model)]
        for name, model in RECORD_FILES.items()
    }
    problems = reader.problems
    problems += check_records(
        located,
        excerpts or (),
        corpus_path=reader.shown(manifest.corpus) if manifest else "",
        check_excerpts=excerpts is not None,
    )
    if manifest is None or excerpts is None or any(p.is_error for p in problems):
        return None, problems
    return (
        Pack(
            path=root,
            manifest=manifest,
            excerpts=excerpts,
            organisations=_only(located["organisations.yaml"], Organisation),
            events=_only(located["events.yaml"], Event),
            relationships=_only(located["relationships.yaml"], Relationship),
            tours=_only(located["tours.yaml"], Tour),
            polities=_only(located["polities.yaml"], PackPolity),
            warnings=tuple(problems),
        ),
        problems,
    )


def _only(items: list[Located[Any]], model: type[M]) -> tuple[M, ...]:
    return tuple(item.record for item in items if isinstance(item.record, model))
