"""The political map on any day: every polity's shape, cached per period, simplified per zoom."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from functools import lru_cache
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geodata.polities import PolityState, Recipe, load_gazetteer
from geodata.recipes import EMPTY, evaluate, fast_union, polygonal

COLUMNS = ["id", "name", "cow", "iso3", "status", "owner", "precision", "source"]
BORDERS = ("builtin", "cshapes")


def period_key(day: date) -> Hashable:
    """Equal for two days whose political maps are identical (a cache key)."""
    return load_gazetteer().period_key(day)


def political_map(
    day: date, *, tolerance: float | None = None, borders: str = "builtin"
) -> gpd.GeoDataFrame:
    """One row per polity existing on ``day`` with its shape (EPSG:4326, valid geometries).

    ``tolerance`` (degrees) simplifies all shapes together so neighbours keep shared
    borders; ``borders="cshapes"`` uses the downloaded CShapes 2.0 for 1886-2019.
    """
    if borders not in BORDERS:
        raise ValueError(f"borders must be one of {', '.join(BORDERS)}, got {borders!r}")
    if borders == "cshapes":
        from geodata.sources.cshapes import cshapes_map  # optional, reads the user cache

        frame = cshapes_map(day, tolerance=tolerance)
        if frame is not None:
            return frame
    return _map_for_key(period_key(day), tolerance).copy()


def shape_of(polity_id: str, day: date, tolerance: float | None = None) -> BaseGeometry | None:
    """The polity's shape on ``day``, or None if it does not exist that day."""
    load_gazetteer().get(polity_id)  # KeyError for an unknown id
    frame = _map_for_key(period_key(day), tolerance)
    rows = frame.index[frame["id"] == polity_id]
    if len(rows) == 0:
        return None
    geometry: BaseGeometry = frame.geometry.loc[rows[0]]
    return geometry


def political_map_geojson(
    day: date, borders: str = "builtin", *, tolerance: float | None = None
) -> dict[str, Any]:
    """The political map as a GeoJSON FeatureCollection (properties as in ``COLUMNS``)."""
    frame = political_map(day, tolerance=tolerance, borders=borders)
    features = []
    for row in frame.itertuples(index=False):
        properties = {column: _plain(getattr(row, column)) for column in COLUMNS}
        features.append(
            {"type": "Feature", "properties": properties, "geometry": mapping(row.geometry)}
        )
    return {"type": "FeatureCollection", "features": features}


def _plain(value: Any) -> Any:
    """JSON-friendly scalars (pandas stores missing codes as NaN / NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def exact_shapes(day: date) -> dict[str, BaseGeometry]:
    """Unsimplified shape of every polity existing on ``day``, by id."""
    return dict(_exact_for_key(period_key(day)))


@lru_cache(maxsize=128)
def _exact_for_key(key: Hashable) -> tuple[tuple[str, BaseGeometry], ...]:
    gazetteer = load_gazetteer()
    day = _day_of_key(key)
    states = gazetteer.on(day)
    shapes: dict[str, BaseGeometry] = {}
    residual = []
    for state in states:
        recipe = gazetteer.get(state.id).periods[state.period_index].shape
        shapes[state.id] = evaluate(recipe)
        if recipe.residual:
            residual.append(state.id)
    if residual:
        fixed_ids = [i for i in shapes if i not in residual and not shapes[i].is_empty]
        tree = shapely.STRtree([shapes[i] for i in fixed_ids])
        periods = {s.id: s.period_index for s in states}
        for polity_id in residual:
            own_recipe = gazetteer.get(polity_id).periods[periods[polity_id]].shape
            hits = tree.query(shapes[polity_id], predicate="intersects")
            near = tuple(sorted((fixed_ids[i], periods[fixed_ids[i]]) for i in hits))
            shapes[polity_id] = _residual(own_recipe, near)
    return tuple((s.id, shapes[s.id]) for s in states)


@lru_cache(maxsize=2048)
def _residual(recipe: Recipe, near: tuple[tuple[str, int], ...]) -> BaseGeometry:
    """A residual recipe minus its non-residual neighbours (cached: neighbours rarely change)."""
    own = evaluate(recipe)
    if not near:
        return own
    gazetteer = load_gazetteer()
    others = [evaluate(gazetteer.get(i).periods[index].shape) for i, index in near]
    return polygonal(shapely.make_valid(shapely.difference(own, fast_union(others))))


def _day_of_key(key: Hashable) -> date:
    """A day inside the stretch of time a period key stands for."""
    changes = load_gazetteer().change_dates()
    index = int(key)  # type: ignore[call-overload]
    return changes[index - 1] if index > 0 else date.min


@lru_cache(maxsize=256)
def _map_for_key(key: Hashable, tolerance: float | None) -> gpd.GeoDataFrame:
    gazetteer = load_gazetteer()
    day = _day_of_key(key)
    states = {s.id: s for s in gazetteer.on(day)}
    pairs = _exact_for_key(key)
    ids = [polity_id for polity_id, _ in pairs]
    geometries = [g for _, g in pairs]
    if tolerance:
        geometries = simplify_together(geometries, tolerance)
    rows = [_row(states[i]) for i in ids]
    frame = gpd.GeoDataFrame(rows, columns=COLUMNS, geometry=geometries, crs=4326)
    frame["cow"] = frame["cow"].astype("Int64")
    return frame


def _row(state: PolityState) -> dict[str, Any]:
    return {column: getattr(state, column) for column in COLUMNS}


def simplify_together(geometries: list[BaseGeometry], tolerance: float) -> list[BaseGeometry]:
    """Simplify a map's shapes as one coverage, so shared borders stay shared.

    ``shapely.coverage_simplify`` keeps neighbours' edges identical; where the shapes are not
    a clean coverage (it raises or yields an invalid shape) each shape is simplified on its
    own with topology preserved, which may open hairline gaps between neighbours.
    """
    areal = [g if not g.is_empty else EMPTY for g in geometries]
    try:
        result = list(shapely.coverage_simplify(areal, tolerance))
    except shapely.errors.GEOSException:
        result = []
    if len(result) != len(areal) or not all(shapely.is_valid(result)):
        result = list(shapely.simplify(areal, tolerance, preserve_topology=True))
    return [polygonal(shapely.make_valid(g)) for g in result]
