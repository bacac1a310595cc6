"""Optional precise borders: CShapes 2.0, downloaded into the user cache and read on demand."""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.cachedir import cache_dir as cache_dir  # re-exported: public here too
from geodata.sources.topojson import TopoJSONError, features

if TYPE_CHECKING:
    import geopandas as gpd

FILE_NAME = "cshapes_2_cow.topojson.xz"
# The R package's copy (cran/cshapes, inst/extdata, version 2.0); the dataset's home page
# is https://icr.ethz.ch/data/cshapes/ .
DEFAULT_URL = f"https://raw.githubusercontent.com/cran/cshapes/master/inst/extdata/{FILE_NAME}"
SHA256 = "7bd747182211fe5e0ca3775acbf3583c290ccb14e5c60bda9f0ef4dbb0d7008e"
FIRST_DAY = date(1886, 1, 1)
LAST_DAY = date(2019, 12, 31)  # CShapes end dates are inclusive
LICENCE = "CC BY-NC-SA 4.0"
ATTRIBUTION = (
    "Borders 1886-2019: CShapes 2.0 (Schvitz, Girardin, Ruegger, Weidmann, Cederman, "
    "Gleditsch 2022, 'Mapping the International System, 1886-2017: The CShapes 2.0 Dataset', "
    "Journal of Conflict Resolution 66(1):144-161), licence CC BY-NC-SA 4.0."
)
CHUNK = 1 << 16


class CShapesError(Exception):
    """Fetching or reading CShapes failed; the message is one line for the user."""


@dataclass(frozen=True)
class CShapesRow:
    cow: int
    name: str
    start: date
    end: date  # exclusive (CShapes' inclusive end + 1 day)
    status: str
    owner: int | None
    geometry: object


def cached_file(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / FILE_NAME


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(
    url: str = DEFAULT_URL,
    directory: Path | None = None,
    *,
    expected_sha256: str = SHA256,
    timeout: float = 60.0,
) -> Path:
    """Download CShapes into the cache: resumable (HTTP Range), verified, atomic.

    A partial download is kept as ``<file>.part`` and continued on the next call; the
    file only appears under its real name once its SHA-256 matches. urllib honours the
    HTTP_PROXY / HTTPS_PROXY / NO_PROXY environment variables.
    """
    target = cached_file(directory)
    if target.exists() and sha256_of(target) == expected_sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    _download(url, part, timeout)
    actual = sha256_of(part)
    if actual != expected_sha256:
        part.unlink(missing_ok=True)
        raise CShapesError(
            f"downloaded file has SHA-256 {actual[:12]}..., expected {expected_sha256[:12]}...;"
            " deleted it, try again or check the URL"
        )
    os.replace(part, target)
    return target


def _download(url: str, part: Path, timeout: float) -> None:
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "histatlas"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            resumed = have and response.status == 206
            with part.open("ab" if resumed else "wb") as out:
                for block in iter(lambda: response.read(CHUNK), b""):
                    out.write(block)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # asked past the end: the part is complete
            return
        raise CShapesError(f"download failed: HTTP {exc.code} from {url}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CShapesError(f"download failed ({reason}); kept the partial file") from None


def read_rows(path: Path) -> tuple[CShapesRow, ...]:
    """Every CShapes row of an xz-compressed TopoJSON file."""
    try:
        topology = json.loads(lzma.decompress(path.read_bytes()))
        rows = tuple(_row(f.properties, f.geometry) for f in features(topology))
    except (OSError, lzma.LZMAError, ValueError, KeyError, TopoJSONError) as exc:
        raise CShapesError(f"cannot read {path.name}: {exc}".splitlines()[0]) from None
    return rows


def _row(props: dict[str, object], geometry: object) -> CShapesRow:
    owner = str(props.get("owner") or "")
    return CShapesRow(
        cow=int(str(props["cowcode"])),
        name=str(props["country_name"]),
        start=date.fromisoformat(str(props["start"])),
        end=date.fromisoformat(str(props["end"])) + timedelta(days=1),
        status=str(props.get("status") or ""),
        owner=int(owner) if owner.lstrip("-").isdigit() else None,
        geometry=geometry,
    )


@lru_cache(maxsize=2)
def _rows_cached(path: Path, stamp: float) -> tuple[CShapesRow, ...]:
    return read_rows(path)


def rows_on(day: date, path: Path | None = None) -> list[CShapesRow]:
    """CShapes rows holding on ``day`` (empty outside 1886-2019 or without the file)."""
    path = path or cached_file()
    if not (FIRST_DAY <= day <= LAST_DAY) or not path.exists():
        return []
    rows = _rows_cached(path, path.stat().st_mtime)
    return [r for r in rows if r.start <= day < r.end]


def cshapes_map(day: date, *, tolerance: float | None = None) -> gpd.GeoDataFrame | None:
    """The political map from CShapes for ``day``, or None (then built-in shapes are used)."""
    from geodata.sources.cshapes_map import frame_for

    rows = rows_on(day)
    if not rows:
        return None
    return frame_for(day, rows, tolerance)
