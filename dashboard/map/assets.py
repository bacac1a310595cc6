"""Leaflet, our map script and the generated shapes, served by the app itself (no CDN).

Streamlit serves the folder ``static/`` beside its entry script at ``/app/static``. An
installed package may be read-only, so ``histatlas serve`` runs the app from a *serve root* in
the user cache: a two-line entry script that calls ``dashboard.app.main`` and a ``static/``
folder holding Leaflet (copied from the PyPI package ``django-js-lib-leaflet``, BSD), our map
script and the shape files written at run time. When the app is run from a source checkout
(``streamlit run dashboard/app.py``, as Streamlit Community Cloud runs it), the folder is
``dashboard/static`` itself. Nothing is ever written inside an installed package.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dashboard.settings import STATIC_ENV
from geodata.cachedir import cache_dir

LOG = logging.getLogger("histatlas.assets")
PACKAGE_STATIC = Path(__file__).resolve().parents[1] / "static"
MAP_SCRIPT = PACKAGE_STATIC / "histatlas-map.js"  # the source; served from static_dir()
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
LEAFLET_VERSION = "1.9.4"
ENTRY = '''"""The histatlas dashboard as `histatlas serve` runs it (written by it; safe to delete).

Streamlit serves static/ beside its entry script; an installed package may be read-only,
so the entry script lives here, with static/, and runs the packaged app.
"""

from dashboard.app import main

main()
'''


def static_dir() -> Path:
    """The folder served at ``/app/static``: the serve root's, or dashboard/static."""
    chosen = os.environ.get(STATIC_ENV)
    return Path(chosen) if chosen else PACKAGE_STATIC


def use_static_dir(folder: Path) -> None:
    """Serve from ``folder`` unless ``histatlas serve`` chose already (the app's own entry
    script says where Streamlit serves from: ``static/`` beside it)."""
    os.environ.setdefault(STATIC_ENV, str(folder))


def _package_dir() -> Path:
    root = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    return Path(str(root))


def write_atomic(target: Path, data: str | bytes) -> None:
    """Write through a temporary file and a rename: a server starting beside us, or a browser
    fetching the file, never reads half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _same(source: Path, target: Path) -> bool:
    return target.is_file() and target.read_bytes() == source.read_bytes()


_ENSURED: set[Path] = set()  # served folders this process has filled (the app asks each run)


def ensure_vendor_assets(static: Path | None = None) -> Path:
    """Leaflet's JS, CSS and images (and our map script, outside a checkout) in the served
    folder; idempotent, and free after the first call of a process. Returns Leaflet's folder."""
    static = static or static_dir()
    target = static / "vendor" / "leaflet"
    if static in _ENSURED:
        return target
    _fill(static, target)
    _ENSURED.add(static)
    return target


def _fill(static: Path, target: Path) -> None:
    """Copy what is missing or stale into the served folder."""
    source = _package_dir()
    if static.resolve() != PACKAGE_STATIC and not _same(MAP_SCRIPT, static / MAP_SCRIPT.name):
        write_atomic(static / MAP_SCRIPT.name, MAP_SCRIPT.read_bytes())
    if all((target / name).is_file() for name in LEAFLET_FILES):
        return
    for item in sorted((source / "images").iterdir()):
        write_atomic(target / "images" / item.name, item.read_bytes())
    for name in LEAFLET_FILES:  # last: their presence says the copy is complete
        write_atomic(target / name, (source / name).read_bytes())


def _writable(folder: Path) -> str | None:
    """None when ``folder`` can be created and written, else why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def serve_root() -> Path:
    """Where ``histatlas serve`` runs the app from: the user cache, else a temporary folder
    (a read-only home, a locked-down container), which the log says."""
    preferred = cache_dir() / "serve"
    problem = _writable(preferred)
    if problem is None:
        return preferred
    fallback = Path(tempfile.mkdtemp(prefix="histatlas-serve-"))
    LOG.warning("cannot write %s (%s); serving from %s instead", preferred, problem, fallback)
    return fallback


def prepare_serve_root(root: Path) -> Path:
    """The entry script and the served folder under ``root``; returns the entry script."""
    entry = root / "app.py"
    if not entry.is_file() or entry.read_text(encoding="utf-8") != ENTRY:
        write_atomic(entry, ENTRY)
    ensure_vendor_assets(root / "static")
    return entry


def leaflet_source(name: str) -> str:
    """The text of one Leaflet file, for exports that inline it."""
    return (_package_dir() / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class AssetUrls:
    """Where the browser finds Leaflet: the app's static route, under its base path."""

    js: str
    css: str

    @classmethod
    def for_base_path(cls, base_path: str = "") -> AssetUrls:
        base = "/" + base_path.strip("/") if base_path.strip("/") else ""
        prefix = f"{base}/app/static/vendor/leaflet"
        return cls(js=f"{prefix}/leaflet.js", css=f"{prefix}/leaflet.css")
