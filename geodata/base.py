"""The modern base layer: Natural Earth 1:50m countries, keyed by ISO alpha-3."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geodata import mapstore
from geodata.paths import BASE_FILE

if TYPE_CHECKING:
    import geopandas as gpd


@cache
def load_base() -> gpd.GeoDataFrame:
    """Every modern country, indexed by ``a3``; columns ``name``, ``iso_n3``, geometry.

    Cached for the process: the frame is shared, so callers must copy before mutating.
    """
    import geopandas as gpd  # only here: the shapes themselves need shapely alone

    frame = gpd.read_file(BASE_FILE)
    frame = frame.set_crs(4326, allow_override=True).set_index("a3")
    if not frame.index.is_unique:
        raise ValueError(f"{BASE_FILE}: duplicate a3 keys")
    return frame


@cache
def base_geometries() -> dict[str, BaseGeometry]:
    """Every base country's geometry by ISO alpha-3 (shared, never mutated).

    The same geometries as ``load_base()``, without pandas: read from the map cache's WKB
    copy when there is one (parsing the GeoJSON's coordinates takes a third of a second).
    """
    stored = mapstore.load_base(mapstore.default_root())
    if stored is not None:
        return stored
    raw = BASE_FILE.read_bytes()
    mapstore.note_read(BASE_FILE, raw)
    features = json.loads(raw)["features"]
    geometries: dict[str, BaseGeometry] = {}
    for feature in features:
        code = str(feature["properties"]["a3"])
        if code in geometries:
            raise ValueError(f"{BASE_FILE}: duplicate a3 keys")
        geometries[code] = shape(feature["geometry"])
    mapstore.save_base(mapstore.default_root(), geometries)  # checked after reading the file
    return geometries
