"""Evaluates shape recipes over the base countries and the drawn clip areas."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geodata import mapstore
from geodata.base import base_geometries
from geodata.model import Recipe
from geodata.paths import CLIPS_DIR

EMPTY = shapely.MultiPolygon()

__all__ = [
    "EMPTY",
    "RecipeError",
    "base_geometries",
    "clip_geometry",
    "evaluate",
    "fast_union",
    "polygonal",
]


class RecipeError(ValueError):
    """A recipe names a base country or clip that does not exist."""


@lru_cache(maxsize=512)
def clip_geometry(clip_id: str, clips_dir: Path = CLIPS_DIR) -> BaseGeometry:
    """The polygon of a drawn clip area (``clips/<id>.geojson``, one Feature)."""
    path = clips_dir / f"{clip_id}.geojson"
    try:
        raw = path.read_bytes()
        feature = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise RecipeError(f"clip {clip_id!r}: cannot read {path.name}: {exc}") from None
    mapstore.note_read(path, raw)
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not geometry:
        raise RecipeError(f"clip {clip_id!r}: {path.name} holds no Feature geometry")
    return shapely.make_valid(shape(geometry))


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the areal part of a geometry (overlay results may carry stray lines or points)."""
    if geometry.is_empty:
        return EMPTY
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else EMPTY


def fast_union(parts: list[BaseGeometry]) -> BaseGeometry:
    """Union of shapes, fast when they tile without overlaps (the usual case here).

    ``coverage_union_all`` is an order of magnitude faster than ``union_all`` but assumes
    a clean coverage; when its result is invalid or loses or gains area, fall back.
    """
    parts = [p for p in parts if not p.is_empty]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    try:
        result = shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:
        return shapely.union_all(parts)
    expected = sum(p.area for p in parts)
    if result.is_valid and abs(result.area - expected) <= 1e-9 * max(expected, 1.0):
        return result
    return shapely.union_all(parts)


def _union(codes: Iterable[str]) -> BaseGeometry:
    geometries = base_geometries()
    parts = []
    for code in codes:
        if code not in geometries:
            raise RecipeError(f"unknown base country {code!r}")
        parts.append(geometries[code])
    return fast_union(parts)


@lru_cache(maxsize=4096)
def evaluate(recipe: Recipe) -> BaseGeometry:
    """The shape a recipe describes (without its ``residual`` subtraction), valid, areal."""
    result = _union(recipe.union)
    for clip_id in recipe.intersect:
        result = shapely.intersection(result, clip_geometry(clip_id))
    for clip_id in recipe.minus:
        result = shapely.difference(result, clip_geometry(clip_id))
    extra = [evaluate(part) for part in recipe.plus]
    if recipe.clip:
        extra.append(clip_geometry(recipe.clip))
    if extra:
        result = fast_union([result, *extra])
    return polygonal(shapely.make_valid(result))
