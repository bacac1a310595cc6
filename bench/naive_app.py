"""The baseline for the slider benchmark: a typical folium app (run by Streamlit, bench only).

Full-resolution 1:50m shapes, the whole map rebuilt with fresh random ids on every step, a
styled GeoJson with a tooltip, and st_folium returning every object. Only the assets are
served locally (offline machine); everything else is what such apps usually do.
"""

from __future__ import annotations

from datetime import date

import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard.map.assets import AssetUrls, ensure_vendor_assets
from dashboard.map.colours import neutral_fill
from dashboard.map.mapview import localise_assets
from geodata.geometry import political_map


def main() -> None:
    st.set_page_config(page_title="naive baseline", layout="wide")
    ensure_vendor_assets()
    year = st.slider("Year", min_value=1772, max_value=1991, value=1950, key="year")
    frame = political_map(date(year, 7, 1))
    frame = frame[["id", "name", "status", "geometry"]].copy()
    frame["fill"] = [neutral_fill(i) for i in frame["id"]]
    m = folium.Map(location=[30, 10], zoom_start=2, tiles=None)
    folium.GeoJson(
        frame.__geo_interface__,
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#8a8478",
            "weight": 0.6,
            "fillOpacity": 1.0,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name", "status"]),
    ).add_to(m)
    localise_assets(m, AssetUrls.for_base_path(st.get_option("server.baseUrlPath") or ""))
    st_folium(m, height=620, use_container_width=True)


main()
