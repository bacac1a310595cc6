"""On-disk cache of resolved political maps: each period's shapes as WKB, keyed by the data.

A fresh process that finds its period here skips the base layer, the recipes and the
simplification (the costly part of a cold start). Everything lives in one folder per
*digest* of what the shapes are computed from: the gazetteer files, the clip areas, the base
layer, the geodata modules that compute shapes and the shapely/GEOS versions. Any change to
one of them gives a new folder, so a stale map is never read.

Layout of ``<cache>/maps-<digest>/``: ``shapes/<pack>.wkb`` (WKB blobs end to end; a map
stores only shapes not stored before, and most shapes are shared by many periods),
``maps/<period key>-<tolerance>.json.z`` (zlib'd JSON: each polity's map columns and where
its shape is: pack, offset, length, SHA-1), ``changes.json`` (the
gazetteer's change dates, which give the period key of a day) and ``base.wkb`` (the base
countries). A start whose map is stored reads neither the gazetteer nor the base layer.
The loaders note the bytes they parse (``note_read``): a process that parsed a data file
which has changed on disk since the digest was taken uses no map cache at all, so maps
computed from other data are never stored under the digest. Files are written through a
temporary name and renamed, so readers never see half a file;
a missing, unreadable or unwritable cache is a cache miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Hashable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geodata import cachedir
from geodata.paths import BASE_FILE, CLIPS_DIR, GAZETTEER_DIR, GEODATA_DIR

# The modules whose code decides what a shape looks like.
CODE_FILES = (
    "base.py",
    "gazetteer_io.py",
    "geometry.py",
    "mapstore.py",
    "model.py",
    "paths.py",
    "polities.py",
    "recipes.py",
)
FORMAT = "histatlas-maps-3"
KEEP_FOLDERS = 3  # digests kept side by side (several checkouts may share one cache)

Stored = tuple[tuple[dict[str, Any], BaseGeometry], ...]


def data_files() -> list[Path]:
    """Every file the built-in shapes are computed from, in a fixed order."""
    files = sorted(GAZETTEER_DIR.glob("*.yaml")) + sorted(CLIPS_DIR.glob("*.geojson"))
    return [*files, BASE_FILE, *(GEODATA_DIR / name for name in CODE_FILES)]


def file_hashes(files: Sequence[Path]) -> dict[str, str]:
    """SHA-1 of each file's content, by resolved path."""
    return {str(path.resolve()): hashlib.sha1(path.read_bytes()).hexdigest() for path in files}


def digest_of(files: Sequence[Path]) -> str:
    """SHA-1 over the format, the library versions and each file's name and content."""
    return _combine(files, file_hashes(files))


def _combine(files: Sequence[Path], hashes: dict[str, str]) -> str:
    sha = hashlib.sha1(f"{FORMAT}|{shapely.__version__}|{shapely.geos_version_string}".encode())
    for path in files:
        sha.update(f"|{path.name}|{hashes[str(path.resolve())]}".encode())
    return sha.hexdigest()[:20]


# SHA-1 of the data files this process has parsed (noted by the loaders), by resolved path.
_READ: dict[str, str] = {}


def note_read(path: Path, raw: bytes) -> None:
    """Record what a loader parsed, so maps computed from other bytes are never stored
    under a digest (the data files may change on disk while a process runs)."""
    _READ[str(path.resolve())] = hashlib.sha1(raw).hexdigest()


def note_files(folder: Path, paths: Sequence[Path]) -> None:
    """Record which files of ``folder`` a loader read (one added later changes the digest)."""
    _READ[_list_key(folder)] = _list_hash(paths)


def _list_key(folder: Path) -> str:
    return str(folder.resolve() / ".file-list")


def _list_hash(paths: Sequence[Path]) -> str:
    return hashlib.sha1("\n".join(sorted(p.name for p in paths)).encode()).hexdigest()


@cache
def _snapshot() -> tuple[Path, dict[str, str]] | None:
    try:
        files = data_files()
        hashes = file_hashes(files)
    except OSError:
        return None
    folder = GAZETTEER_DIR.resolve()
    hashes[_list_key(folder)] = _list_hash([p for p in files if p.resolve().parent == folder])
    return cachedir.cache_dir() / f"maps-{_combine(files, hashes)}", hashes


def default_root() -> Path | None:
    """``$XDG_CACHE_HOME/histatlas/maps-<digest>``, the digest taken once per process.

    None (no map cache) if the files could not be read, or if this process parsed a data
    file whose content differs from the one hashed (it changed on disk in between).
    """
    snapshot = _snapshot()
    if snapshot is None:
        return None
    root, hashes = snapshot
    for path, sha in _READ.items():
        if hashes.get(path, sha) != sha:
            return None
    return root


def _tolerance_name(tolerance: float | None) -> str:
    return "exact" if not tolerance else repr(float(tolerance))


def _map_file(root: Path, key: Hashable, tolerance: float | None) -> Path:
    return root / "maps" / f"{key}-{_tolerance_name(tolerance)}.json.z"


def load_map(root: Path | None, key: Hashable, tolerance: float | None) -> Stored | None:
    """The stored (row, shape) pairs of one period and tolerance, or None."""
    if root is None:
        return None
    try:
        index = json.loads(zlib.decompress(_map_file(root, key, tolerance).read_bytes()))
        rows, places = index["rows"], [tuple(place) for place in index["shapes"]]
        geometries = _stored_shapes(root, places)
    except (OSError, ValueError, KeyError, TypeError, zlib.error, shapely.errors.GEOSException):
        return None
    if len(rows) != len(geometries) or not all(isinstance(r, dict) for r in rows):
        return None
    return tuple(zip(rows, geometries, strict=True))


# Shapes read (periods sharing a shape share one object: shapes are immutable), and where
# this process knows each shape (by SHA-1) is stored, so a new map writes only new shapes.
_SHAPES: dict[tuple[str, str, int, int], BaseGeometry] = {}
_KNOWN: dict[tuple[str, str], tuple[str, int, int]] = {}
MAX_SHAPES = 8192


def forget() -> None:
    """Drop what this process remembers of stored shapes (tests; after files were removed)."""
    _SHAPES.clear()
    _KNOWN.clear()


def _stored_shapes(root: Path, places: list[tuple[Any, ...]]) -> list[BaseGeometry]:
    """The shapes at (pack, offset, length, sha1) places, each pack file read once."""
    if len(_SHAPES) > MAX_SHAPES:
        _SHAPES.clear()
    packs: dict[str, bytes] = {}
    shapes = []
    for pack, offset, length, sha in places:
        cache_key = (str(root), str(pack), int(offset), int(length))
        if cache_key not in _SHAPES:
            if pack not in packs:
                packs[pack] = (root / "shapes" / f"{pack}.wkb").read_bytes()
            blob = packs[pack][offset : offset + length]
            if len(blob) != length:
                raise ValueError(f"pack {pack} is shorter than its index says")
            _SHAPES[cache_key] = shapely.from_wkb(blob)
            _KNOWN[(str(root), str(sha))] = (str(pack), int(offset), int(length))
        shapes.append(_SHAPES[cache_key])
    return shapes


def save_map(root: Path | None, key: Hashable, tolerance: float | None, pairs: Stored) -> None:
    """Store one period's (row, shape) pairs; rows are JSON objects (skipped if unwritable).

    Shapes this process knows to be stored already are referenced; the others go into one
    new pack file (a few files per map rather than one per shape: writes are what a first
    run waits for).
    """
    if root is None:
        return
    with contextlib.suppress(OSError, TypeError, ValueError):
        _prepare(root)
        blobs = [shapely.to_wkb(geometry) for _, geometry in pairs]
        hashes = [hashlib.sha1(blob).hexdigest() for blob in blobs]
        places = _places(root, blobs, hashes)
        index = {"rows": [row for row, _ in pairs], "shapes": places}
        _write_atomic(_map_file(root, key, tolerance), zlib.compress(json.dumps(index).encode()))


def _places(root: Path, blobs: list[bytes], hashes: list[str]) -> list[list[Any]]:
    """Where each shape is stored, writing the ones not stored yet into a new pack."""
    known = {}
    present: dict[str, bool] = {}  # pack -> still on disk (another process may prune)
    for sha in set(hashes):
        place = _KNOWN.get((str(root), sha))
        if place is None:
            continue
        if place[0] not in present:
            present[place[0]] = (root / "shapes" / f"{place[0]}.wkb").exists()
        if present[place[0]]:
            known[sha] = place
    fresh: dict[str, tuple[int, int]] = {}
    parts: list[bytes] = []
    size = 0
    for blob, sha in zip(blobs, hashes, strict=True):
        if sha not in known and sha not in fresh:
            fresh[sha] = (size, len(blob))
            parts.append(blob)
            size += len(blob)
    if parts:
        content = b"".join(parts)
        pack = hashlib.sha1(content).hexdigest()[:20]
        target = root / "shapes" / f"{pack}.wkb"
        if not target.exists():
            _write_atomic(target, content)
        for sha, (offset, length) in fresh.items():
            known[sha] = _KNOWN[(str(root), sha)] = (pack, offset, length)
    return [[*known[sha], sha] for sha in hashes]


def load_changes(root: Path | None) -> tuple[date, ...] | None:
    """The stored change dates of the gazetteer (so a start with every map stored skips it)."""
    if root is None:
        return None
    try:
        days = json.loads((root / "changes.json").read_text(encoding="utf-8"))
        return tuple(date.fromisoformat(day) for day in days)
    except (OSError, ValueError, TypeError):
        return None


def save_changes(root: Path | None, changes: Sequence[date]) -> None:
    if root is None:
        return
    with contextlib.suppress(OSError):
        _prepare(root)
        text = json.dumps([day.isoformat() for day in changes])
        _write_atomic(root / "changes.json", text.encode())


def load_base(root: Path | None) -> dict[str, BaseGeometry] | None:
    """The stored base countries by ISO alpha-3, or None."""
    if root is None:
        return None
    try:
        raw = (root / "base.wkb").read_bytes()
        codes_text, _, blob = raw.partition(b"\n")
        codes = json.loads(codes_text)
        parts = shapely.get_parts(shapely.from_wkb(blob))
    except (OSError, ValueError, shapely.errors.GEOSException):
        return None
    if len(codes) != len(parts):
        return None
    return dict(zip((str(c) for c in codes), parts, strict=True))


def save_base(root: Path | None, geometries: dict[str, BaseGeometry]) -> None:
    """Store the base countries: a JSON line of codes, then one WKB GeometryCollection."""
    if root is None:
        return
    collection = shapely.GeometryCollection(list(geometries.values()))
    blob = json.dumps(list(geometries)).encode() + b"\n" + shapely.to_wkb(collection)
    with contextlib.suppress(OSError):
        _prepare(root)
        _write_atomic(root / "base.wkb", blob)


def _prepare(root: Path) -> None:
    """Create the folder; on first creation drop all but the newest older digests."""
    if root.is_dir():
        return
    (root / "shapes").mkdir(parents=True, exist_ok=True)
    (root / "maps").mkdir(exist_ok=True)
    others = [p for p in root.parent.glob("maps-*") if p.is_dir() and p != root]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in others[KEEP_FOLDERS - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)


def _write_atomic(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
