"""Polity shapes as static files named by their content, so the browser fetches each once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from dashboard.map.assets import static_dir, write_atomic
from dashboard.map.spots import spots

SHAPES = "shapes"
BUNDLES = "bundles"
# 3 decimals = about 100 m: far below what a world or continent view can show.
DECIMALS = 3


@dataclass(frozen=True)
class ShapeSet:
    """The shapes of one political map: polity id -> shape key, and the geometries by key."""

    keys: dict[str, str]
    geometries: dict[str, dict[str, Any]]
    bundle: str  # file name of the bundle holding all of them, under BUNDLES/

    def bundle_bytes(self) -> int:
        return len(_dumps(self.geometries))


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def rounded_geometry(geometry: shapely.Geometry, decimals: int = DECIMALS) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded (and repeated points dropped).

    Rounding can collapse a thin ring to a line; only then is the slower snap to the grid
    used, which keeps the shape valid by dropping what collapsed.
    """
    try:
        rounded = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
        rounded = shapely.remove_repeated_points(rounded)
        valid = bool(rounded.is_valid)
    except shapely.errors.GEOSException:
        valid = False
    if not valid:
        rounded = shapely.set_precision(geometry, 10.0**-decimals)
    return dict(mapping(rounded))


_SPOTS: dict[str, list[list[float]]] = {}  # by the key of the shape without them
SPOTS_KEPT = 8192


def _spots(geometry: dict[str, Any], key: str) -> list[list[float]]:
    """The shape's spots (dashboard.map.spots), computed once per process for each shape (by
    ``key``, the hash of the shape without them): a new period shares most of its shapes with
    the one before."""
    if key not in _SPOTS:
        if len(_SPOTS) >= SPOTS_KEPT:
            _SPOTS.clear()
        _SPOTS[key] = spots(geometry)
    return _SPOTS[key]


def shape_key(geometry: dict[str, Any]) -> str:
    return hashlib.sha1(_dumps(geometry).encode()).hexdigest()[:16]


def shape_set(
    shapes: Iterable[tuple[str, BaseGeometry | None]], decimals: int = DECIMALS
) -> ShapeSet:
    """Keys and rounded geometries for every (polity id, shape) of a political map (no files
    written); each geometry carries the ``spots`` for its name (dashboard.map.spots)."""
    keys: dict[str, str] = {}
    geometries: dict[str, dict[str, Any]] = {}
    for polity_id, geometry in shapes:
        if geometry is None or geometry.is_empty:
            continue
        geo = rounded_geometry(geometry, decimals)
        if not geo.get("coordinates"):
            continue  # too small to show at this precision
        key = shape_key(geo)  # the one serialisation of the shape: its coordinates
        where = _spots(geo, key)
        if where:
            geo["spots"] = where  # where its name goes (a foreign member: GeoJSON allows it)
            # Still a hash of the whole content, without writing the coordinates out again.
            key = hashlib.sha1((key + _dumps(where)).encode()).hexdigest()[:16]
        keys[str(polity_id)] = key
        geometries[key] = geo
    bundle = hashlib.sha1("".join(sorted(geometries)).encode()).hexdigest()[:16] + ".json"
    return ShapeSet(keys, geometries, bundle)


def generated_dir() -> Path:
    """Where shape files go: ``generated/`` in the folder the app serves."""
    return static_dir() / "generated"


def publish_files(geometries: dict[str, dict[str, Any]], root: Path | None = None) -> None:
    """Write each geometry as ``shapes/KEY.json`` unless already there (no bundle)."""
    root = root or generated_dir()
    for key, geometry in geometries.items():
        target = root / SHAPES / f"{key}.json"
        if not target.exists():
            write_atomic(target, _dumps(geometry))


def publish(shapes: ShapeSet, root: Path | None = None) -> ShapeSet:
    """Write the shapes (one file per shape and one bundle) unless already there."""
    root = root or generated_dir()
    ignore = root / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, "# written by dashboard/map/shapes.py at run time\n*\n")
    publish_files(shapes.geometries, root)
    bundle = root / BUNDLES / shapes.bundle
    if not bundle.exists():
        write_atomic(bundle, _dumps(shapes.geometries))
    return shapes
