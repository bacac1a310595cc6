"""Leaflet served by the app itself, so maps render with no CDN (offline first).

Leaflet's files come from the installed PyPI package ``django-js-lib-leaflet`` (BSD); they
are copied into ``dashboard/static/vendor/`` (git-ignored) at start-up, never committed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# Streamlit serves ``static/`` beside the entry script (dashboard/app.py).
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
VENDOR_DIR = STATIC_DIR / "vendor" / "leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
LEAFLET_VERSION = "1.9.4"


def _package_dir() -> Path:
    root = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    return Path(str(root))


def ensure_vendor_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet's JS, CSS and images next to the app (idempotent, cheap when done)."""
    source = _package_dir()
    if all((target / name).is_file() for name in LEAFLET_FILES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in LEAFLET_FILES:
        shutil.copyfile(source / name, target / name)
    shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return target


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
