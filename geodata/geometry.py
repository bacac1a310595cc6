"""The political map on any day: every polity's shape, cached per period, simplified per zoom."""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geodata import codes, mapstore
from geodata.polities import Gazetteer, PolityState, Recipe, load_gazetteer
from geodata.recipes import EMPTY, evaluate, fast_union, polygonal

if TYPE_CHECKING:
    import geopandas as gpd

COLUMNS = ["id", "name", "cow", "iso3", "status", "owner", "precision", "source"]
# Contract columns of a map: COLUMNS (stored in the map cache, constant over a period) and
# the Gleditsch-Ward code, set per day (GW's dates need not fall on a shape change); ``cow``
# is stored with the period and completed per day from COW's dated table (codes.cow).
MAP_COLUMNS = [*COLUMNS, "gwcode"]
BORDERS = ("builtin", "cshapes")


@dataclass(frozen=True)
class MapFeature:
    """One polity on a political map: the contract columns and its shape, without pandas."""

    id: str
    name: str
    cow: int | None
    iso3: str | None
    status: str
    owner: str | None
    precision: str
    source: str
    geometry: BaseGeometry
    gwcode: int | None = None

    def properties(self) -> dict[str, Any]:
        return {column: getattr(self, column) for column in MAP_COLUMNS}

    def stored(self) -> dict[str, Any]:
        """The columns kept in the map cache (all but the per-day code)."""
        return {column: getattr(self, column) for column in COLUMNS}


def with_day_codes(features: Iterable[MapFeature], day: date) -> list[MapFeature]:
    """The features with each polity's COW and Gleditsch-Ward codes on ``day``."""
    return [
        replace(f, cow=codes.cow(f.id, day, f.cow), gwcode=codes.gwcode(f.id, day))
        for f in features
    ]


def period_key(day: date) -> Hashable:
    """Equal for two days whose political maps are identical (a cache key).

    The index of the stretch between two of the gazetteer's change dates holding ``day``
    (as ``Gazetteer.period_key``), from the map cache when the dates are stored there.
    """
    return bisect.bisect_right(_change_dates(), day)


def _change_dates() -> tuple[date, ...]:
    """The gazetteer's change dates: from the gazetteer once this process has loaded it
    (it is then the truth), else from the map cache, so a start can skip loading it."""
    if load_gazetteer.cache_info().currsize:
        return tuple(load_gazetteer().change_dates())
    return _stored_change_dates()


@cache
def _stored_change_dates() -> tuple[date, ...]:
    stored = mapstore.load_changes(mapstore.default_root())
    if stored is not None:
        return stored
    changes = tuple(load_gazetteer().change_dates())
    mapstore.save_changes(mapstore.default_root(), changes)  # checked after the load
    return changes


def political_map(
    day: date, *, tolerance: float | None = None, borders: str = "builtin"
) -> gpd.GeoDataFrame:
    """One row per polity existing on ``day`` with its shape (EPSG:4326, valid geometries).

    ``tolerance`` (degrees) simplifies all shapes together so neighbours keep shared
    borders; ``borders="cshapes"`` uses the downloaded CShapes 2.0 for 1886-2019.
    """
    _check_borders(borders)
    if borders == "cshapes":
        frame = _cshapes_frame(day, tolerance)
        if frame is not None:
            return _add_gwcode(frame, day)
    return _add_gwcode(_map_for_key(period_key(day), tolerance).copy(), day)


def _add_gwcode(frame: gpd.GeoDataFrame, day: date) -> gpd.GeoDataFrame:
    import pandas as pd  # a frame is in hand, so pandas is already imported

    frame["cow"] = [
        codes.cow(i, day, None if pd.isna(c) else int(c))
        for i, c in zip(frame["id"], frame["cow"], strict=True)
    ]
    frame["cow"] = frame["cow"].astype("Int64")
    frame.insert(len(COLUMNS), "gwcode", [codes.gwcode(i, day) for i in frame["id"]])
    frame["gwcode"] = frame["gwcode"].astype("Int64")
    return frame


def map_features(
    day: date, *, tolerance: float | None = None, borders: str = "builtin"
) -> list[MapFeature]:
    """The rows of ``political_map`` as plain records: same shapes, no pandas or geopandas.

    For callers that only iterate over the map (a web app, an export): a fresh process
    that needs nothing else never imports geopandas, pandas or pyproj (about 1 s).
    """
    _check_borders(borders)
    if borders == "cshapes":
        frame = _cshapes_frame(day, tolerance)
        if frame is not None:
            return with_day_codes((_feature_of_row(r) for r in frame.itertuples(index=False)), day)
    return with_day_codes(_features_for_key(period_key(day), tolerance), day)


def shape_of(polity_id: str, day: date, tolerance: float | None = None) -> BaseGeometry | None:
    """The polity's shape on ``day``, or None if it does not exist that day."""
    load_gazetteer().get(polity_id)  # KeyError for an unknown id
    for feature in _features_for_key(period_key(day), tolerance):
        if feature.id == polity_id:
            return feature.geometry
    return None


def representative_point(
    polity_id: str, day: date, gazetteer: Gazetteer | None = None
) -> tuple[float, float]:
    """(lat, lon) of the polity's capital, or of a point inside its shape on ``day``."""
    polity = (gazetteer or load_gazetteer()).get(polity_id)
    if polity.capital is not None:
        return (polity.capital.lat, polity.capital.lon)
    shape = shape_of(polity_id, day)
    if shape is None or shape.is_empty:
        raise KeyError(f"{polity_id} does not exist on {day.isoformat()}")
    point = shape.representative_point()
    return (point.y, point.x)


def political_map_geojson(
    day: date, borders: str = "builtin", *, tolerance: float | None = None
) -> dict[str, Any]:
    """The political map as a GeoJSON FeatureCollection (properties as in ``COLUMNS``)."""
    features = [
        {"type": "Feature", "properties": f.properties(), "geometry": mapping(f.geometry)}
        for f in map_features(day, tolerance=tolerance, borders=borders)
    ]
    return {"type": "FeatureCollection", "features": features}


def _check_borders(borders: str) -> None:
    if borders not in BORDERS:
        raise ValueError(f"borders must be one of {', '.join(BORDERS)}, got {borders!r}")


def _cshapes_frame(day: date, tolerance: float | None) -> gpd.GeoDataFrame | None:
    from geodata.sources.cshapes import cshapes_map  # optional, reads the user cache

    return cshapes_map(day, tolerance=tolerance)


def _feature_of_row(row: Any) -> MapFeature:
    values = {column: _plain(getattr(row, column)) for column in COLUMNS}
    return MapFeature(**values, geometry=row.geometry)


def _plain(value: Any) -> Any:
    """JSON-friendly scalars (pandas stores missing codes as NaN / NA)."""
    import pandas as pd  # only reached with a pandas frame in hand

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def exact_shapes(day: date) -> dict[str, BaseGeometry]:
    """Unsimplified shape of every polity existing on ``day``, by id."""
    return {f.id: f.geometry for f in _features_for_key(period_key(day), None)}


@lru_cache(maxsize=256)
def _features_for_key(key: Hashable, tolerance: float | None) -> tuple[MapFeature, ...]:
    """The period's map, read from the map cache or computed (and then stored there)."""
    tolerance = tolerance or None
    root = mapstore.default_root()
    stored = mapstore.load_map(root, key, tolerance)
    if stored is not None:
        try:
            return tuple(MapFeature(**row, geometry=geometry) for row, geometry in stored)
        except TypeError:
            pass  # rows of another shape: compute again
    if tolerance is None:
        shapes = _compute_exact(key)
    else:
        exact = _features_for_key(key, None)
        simplified = simplify_together([f.geometry for f in exact], tolerance)
        shapes = tuple(zip((f.id for f in exact), simplified, strict=True))
    states = {s.id: s for s in load_gazetteer().on(_day_of_key(key))}
    features = tuple(MapFeature(**_row(states[i]), geometry=g) for i, g in shapes)
    pairs = tuple((f.stored(), f.geometry) for f in features)
    mapstore.save_map(mapstore.default_root(), key, tolerance, pairs)  # re-checked: data read
    return features


def _compute_exact(key: Hashable) -> tuple[tuple[str, BaseGeometry], ...]:
    gazetteer = load_gazetteer()
    states = gazetteer.on(_day_of_key(key))
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
    changes = _change_dates()
    index = int(key)  # type: ignore[call-overload]
    return changes[index - 1] if index > 0 else date.min


@lru_cache(maxsize=256)
def _map_for_key(key: Hashable, tolerance: float | None) -> gpd.GeoDataFrame:
    import geopandas as gpd  # only here: the shapes themselves need shapely alone

    features = _features_for_key(key, tolerance)
    rows = [f.stored() for f in features]
    geometries = [f.geometry for f in features]
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
