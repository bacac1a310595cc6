"""Cached access to the pack and the shapes: the only place the dashboard caches data."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st

from dashboard.cli_serve import BORDERS_ENV, PACK_ENV
from events.model import Pack
from events.pack import load_pack
from geodata.geometry import period_key, political_map

# Shapes for a world view: 0.05 deg keeps borders readable at zoom 2-5 and cuts the
# payload several times over against full 1:50m resolution.
WORLD_TOLERANCE = 0.05


def pack_dir() -> Path | None:
    value = os.environ.get(PACK_ENV)
    return Path(value) if value else None


def borders() -> str:
    return os.environ.get(BORDERS_ENV, "builtin")


@st.cache_resource(show_spinner=False)
def pack(path: Path | None) -> Pack:
    """The loaded pack; raises events.pack.PackError (shown by the app) when invalid."""
    return load_pack(path)


@st.cache_data(show_spinner=False, max_entries=256)
def _political_map_for_period(key: tuple[object, float, str], _day: date) -> gpd.GeoDataFrame:
    # Only ``key`` is hashed: every day of one period hits the same cache entry.
    _, tolerance, source = key
    return political_map(_day, tolerance=tolerance, borders=source)


def political_map_on(day: date, tolerance: float = WORLD_TOLERANCE) -> gpd.GeoDataFrame:
    """The political map of ``day``, computed once per period of unchanged borders."""
    key = (period_key(day), tolerance, borders())
    return _political_map_for_period(key, day)
