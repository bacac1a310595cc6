"""Compare: two years side by side (``?compare=1985&year=1991``), each map as the year view
draws it, and under them what changed between the two - the states formed, ended or redrawn,
the relationships begun and ended and the events between, each with its record and words.

The maps are read-only pictures of their years (no clicks or pans written back); the link
keeps both years, so a class can open the same comparison.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import data
from dashboard.map.assets import AssetUrls
from dashboard.map.mapview import MapView, build_map_parts
from dashboard.panels import changes, controls
from dashboard.view.state import SS_VIEW, StateContext, ViewState
from geodata.regions import REGIONS

HEIGHT = 460


def _close() -> None:
    view: ViewState = st.session_state[SS_VIEW]
    controls.seed(replace(view, compare=None))


def render(path: Path | None, view: ViewState, ctx: StateContext) -> None:
    assert view.compare is not None
    earlier, later = sorted((view.compare, view.year))
    st.markdown(f"#### {earlier} and {later} side by side")
    st.button("Close the comparison", key="compare-close", on_click=_close)
    left, right = st.columns(2)
    for column, year in ((left, earlier), (right, later)):
        with column:
            _year_map(path, view, year)
    first, last = date(earlier, 7, 1), date(later, 7, 1)
    found = changes.between(path, first, last)
    st.markdown(f"##### What changed between 1 July {earlier} and 1 July {later} "
                f"({changes.counted(found)})")  # fmt: skip
    if changes.counted(found):
        changes.listing(path, found, view, ctx)


def _year_map(path: Path | None, view: ViewState, year: int) -> None:
    choice = data.TimeChoice(year, None)
    st.markdown(f"**{choice.title}**")
    try:
        layers, legend = data.view_layers(path, choice, view.layers, view.focus)
        shapes = data.shapes_on(choice.border_day)
    except Exception as exc:  # geodata failed for this date: say so, keep the page usable
        st.error(f"The map of {year} could not be drawn: {type(exc).__name__}")
        return
    base = st.get_option("server.baseUrlPath") or ""
    region = REGIONS.get(view.region, REGIONS["world"])
    mv = MapView(title=choice.title, bounds=view.bounds or region.bounds,
                 assets=AssetUrls.for_base_path(base), basemap=view.basemap)  # fmt: skip
    m, overlay = build_map_parts(mv, layers, shapes)
    st_folium(m, key=f"compare-{year}", height=HEIGHT, use_container_width=True,
              returned_objects=[], feature_group_to_add=overlay)  # fmt: skip
    with st.expander("Legend"):
        st.markdown(f'<div class="legend-flow">{legend}</div>', unsafe_allow_html=True)
