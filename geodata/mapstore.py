"""On-disk cache of resolved political maps: each period's shapes as WKB, keyed by the data.

A fresh process that finds its period here skips the base layer, the recipes and the
simplification (the costly part of a cold start). Everything lives in one folder per
*digest* of what the shapes are computed from: the gazetteer files, the clip areas, the base
layer, the geodata modules that compute shapes and the shapely/GEOS versions. Any change to
one of them gives a new folder, so a stale map is never read.

Layout of ``<cache>/maps-<digest>/``: ``shapes/<sha1>.wkb`` (each distinct shape once:
most shapes are shared by many periods), ``maps/<period key>-<tolerance>.json.z`` (zlib'd
JSON: each polity's map columns and the hash of its shape), ``changes.json`` (the
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
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

GEODATA_DIR = Path(__file__).resolve().parent
# The modules whose code decides what a shape looks like.
CODE_FILES = (
    "base.py",
    "gazetteer_io.py",
    "geometry.py",
    "mapstore.py",
    "polities.py",
    "recipes.py",
)
FORMAT = "histatlas-maps-2"
KEEP_FOLDERS = 3  # digests kept side by side (several checkouts may share one cache)

Stored = tuple[tuple[dict[str, Any], BaseGeometry], ...]


def data_files() -> list[Path]:
    """Every file the built-in shapes are computed from, in a fixed order."""
    from geodata.base import BASE_FILE
    from geodata.polities import CLIPS_DIR, GAZETTEER_DIR

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
    from geodata.cachedir import cache_dir
    from geodata.polities import GAZETTEER_DIR

    try:
        files = data_files()
        hashes = file_hashes(files)
    except OSError:
        return None
    folder = GAZETTEER_DIR.resolve()
    hashes[_list_key(folder)] = _list_hash([p for p in files if p.resolve().parent == folder])
    return cache_dir() / f"maps-{_combine(files, hashes)}", hashes


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
        rows, hashes = index["rows"], index["shapes"]
        geometries = [_stored_shape(root / "shapes" / f"{h}.wkb") for h in hashes]
    except (OSError, ValueError, KeyError, TypeError, zlib.error, shapely.errors.GEOSException):
        return None
    if len(rows) != len(geometries) or not all(isinstance(r, dict) for r in rows):
        return None
    return tuple(zip(rows, geometries, strict=True))


@lru_cache(maxsize=8192)
def _stored_shape(path: Path) -> BaseGeometry:
    """One stored shape; periods sharing it share one object (shapes are immutable)."""
    geometry: BaseGeometry = shapely.from_wkb(path.read_bytes())
    return geometry


def save_map(root: Path | None, key: Hashable, tolerance: float | None, pairs: Stored) -> None:
    """Store one period's (row, shape) pairs; rows are JSON objects (skipped if unwritable)."""
    if root is None:
        return
    with contextlib.suppress(OSError, TypeError, ValueError):
        _prepare(root)
        hashes = []
        for _, geometry in pairs:
            blob = shapely.to_wkb(geometry)
            digest = hashlib.sha1(blob).hexdigest()
            target = root / "shapes" / f"{digest}.wkb"
            if not target.exists():
                _write_atomic(target, blob)
            hashes.append(digest)
        index = {"rows": [row for row, _ in pairs], "shapes": hashes}
        _write_atomic(_map_file(root, key, tolerance), zlib.compress(json.dumps(index).encode()))


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
