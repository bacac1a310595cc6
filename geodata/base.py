"""The modern base layer: Natural Earth 1:50m countries, keyed by ISO alpha-3."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd

BASE_FILE = Path(__file__).resolve().parent / "data" / "ne_50m_countries.geojson"


@cache
def load_base() -> gpd.GeoDataFrame:
    """Every modern country, indexed by ``a3``; columns ``name``, ``iso_n3``, geometry.

    Cached for the process: the frame is shared, so callers must copy before mutating.
    """
    frame = gpd.read_file(BASE_FILE)
    frame = frame.set_crs(4326, allow_override=True).set_index("a3")
    if not frame.index.is_unique:
        raise ValueError(f"{BASE_FILE}: duplicate a3 keys")
    return frame
