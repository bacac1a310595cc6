"""Optional precise borders: CShapes 2.0, downloaded into the user cache and read on demand."""

from __future__ import annotations

import hashlib
import io
import logging
import lzma
import re
import shutil
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pooch
import pyogrio
from tqdm import tqdm

from geodata.cachedir import cache_dir as cache_dir  # re-exported: public here too

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
    progress: bool = False,
) -> Path:
    """Download CShapes into the cache with pooch: pinned SHA-256, atomic, resumable.

    pooch checks the hash and moves the file into place only when it matches (a cached file
    with the right hash is not downloaded again). A partial download is kept as
    ``<file>.part`` and continued with an HTTP Range request on the next call. ``progress``
    draws a bar on stderr. urllib honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY.
    """
    target = cached_file(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    pooch.get_logger().setLevel(logging.WARNING)  # our CLI says what happens, once
    try:
        found = pooch.retrieve(
            url,
            known_hash=f"sha256:{expected_sha256}",
            fname=target.name,
            path=target.parent,
            downloader=_Resuming(part, progress, timeout),
        )
    except ValueError as exc:  # pooch: the hash does not match
        part.unlink(missing_ok=True)
        actual = re.search(r"[0-9a-f]{64}", str(exc).split("Downloaded file")[-1])
        got = f"{actual.group(0)[:12]}..." if actual else "another value"
        raise CShapesError(
            f"downloaded file has SHA-256 {got}, expected {expected_sha256[:12]}...;"
            " deleted it, try again or check the URL"
        ) from None
    part.unlink(missing_ok=True)
    return Path(found)


class _Resuming:
    """A pooch downloader that continues ``part`` from where an earlier try stopped.

    pooch's own HTTPDownloader starts over each time; CShapes is ~25 MB, often fetched on
    poor connections, so a broken download is kept and resumed (HTTP Range).
    """

    def __init__(self, part: Path, progress: bool, timeout: float) -> None:
        self.part, self.progress, self.timeout = part, progress, timeout

    def __call__(self, url: str, output_file: str, pooch_obj: object) -> None:
        self._download(url)
        shutil.copyfile(self.part, output_file)  # pooch hashes it, then moves it into place

    def _download(self, url: str) -> None:
        have = self.part.stat().st_size if self.part.exists() else 0
        request = urllib.request.Request(url, headers={"User-Agent": "histatlas"})
        if have:
            request.add_header("Range", f"bytes={have}-")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                resumed = bool(have) and response.status == 206
                length = int(response.headers.get("Content-Length") or 0)
                start = have if resumed else 0
                with (
                    self.part.open("ab" if resumed else "wb") as out,
                    tqdm(
                        total=(start + length) or None, initial=start, unit="B",
                        unit_scale=True, desc="CShapes 2.0", file=sys.stderr,
                        disable=not self.progress,
                    ) as bar,
                ):  # fmt: skip
                    for block in iter(lambda: response.read(CHUNK), b""):
                        out.write(block)
                        bar.update(len(block))
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and have:  # asked past the end: the part is complete
                return
            raise CShapesError(f"download failed: HTTP {exc.code} from {url}") from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CShapesError(f"download failed ({reason}); kept the partial file") from None


def read_rows(path: Path) -> tuple[CShapesRow, ...]:
    """Every CShapes row of an xz-compressed TopoJSON file (read by GDAL, through pyogrio)."""
    try:
        frame = pyogrio.read_dataframe(io.BytesIO(lzma.decompress(path.read_bytes())))
        columns = ["cowcode", "country_name", "start", "end", "status", "owner"]
        rows = tuple(
            _row(dict(zip(columns, values, strict=True)), geometry)
            for *values, geometry in zip(*(frame[c] for c in columns), frame.geometry, strict=True)
        )
    except (OSError, lzma.LZMAError, ValueError, KeyError, pyogrio.errors.DataSourceError) as exc:
        raise CShapesError(f"cannot read {path.name}: {exc}".splitlines()[0]) from None
    return rows


def _row(props: dict[str, object], geometry: object) -> CShapesRow:
    owner = str(props.get("owner") or "")
    return CShapesRow(
        cow=int(str(props["cowcode"])),
        name=str(props["country_name"]),
        start=date.fromisoformat(str(props["start"])[:10]),
        end=date.fromisoformat(str(props["end"])[:10]) + timedelta(days=1),
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
