"""histatlas dashboard entry point: wires widgets to the data and the map (run by Streamlit)."""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from dashboard import data
from dashboard.assets import AssetUrls, ensure_vendor_assets
from dashboard.mapview import MapView, build_map
from events.pack import PackError

# Muted, colour-blind-safe fills for neighbouring states (no meaning beyond "a state").
NEUTRAL_FILLS = ("#e8dfca", "#d9e3cf", "#e6d3d3", "#d5dde8", "#e9e0ee", "#efe6c8")


def neutral_colours(ids: list[str]) -> dict[str, str]:
    def pick(pid: str) -> str:
        digest = hashlib.blake2s(pid.encode(), digest_size=2).digest()
        return NEUTRAL_FILLS[int.from_bytes(digest, "big") % len(NEUTRAL_FILLS)]

    return {pid: pick(pid) for pid in ids}


def main() -> None:
    st.set_page_config(page_title="histatlas", layout="wide")
    ensure_vendor_assets()
    try:
        pack = data.pack(data.pack_dir())
    except PackError as exc:
        st.error("The pack could not be loaded:\n\n" + "\n".join(f"- `{p}`" for p in exc.problems))
        return
    st.title(pack.manifest.title)
    start, end = pack.manifest.horizon_years
    year = st.slider(
        "Year", min_value=start, max_value=end, value=pack.manifest.default_year, key="year"
    )
    day = date(year, 7, 1)
    polities = data.political_map_on(day)
    view = MapView(
        title=f"{pack.manifest.title} - {year}",
        assets=AssetUrls.for_base_path(st.get_option("server.baseUrlPath") or ""),
    )
    m = build_map(view, polities, neutral_colours(polities["id"].tolist()))
    st_folium(m, key="map", height=560, use_container_width=True, returned_objects=[])


main()
