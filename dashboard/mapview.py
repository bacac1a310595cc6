"""Turn a time slice and the polities' shapes into a ``folium.Map`` (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import folium
import folium.elements
import geopandas as gpd
from branca.element import Element

from dashboard.assets import AssetUrls

SEA_COLOUR = "#dbe6ee"
LAND_COLOUR = "#f3efe6"
BORDER_COLOUR = "#8a8478"
# folium gives every element a random id on each run; fixed ids keep the map's HTML stable
# between reruns, so Streamlit sends nothing when nothing on the map changed.
MAP_ID = "histatlas"


@dataclass(frozen=True)
class MapView:
    """What the map should show: its title, where it looks and how to reach Leaflet."""

    title: str
    bounds: tuple[float, float, float, float] = (-58.0, -170.0, 78.0, 190.0)  # S, W, N, E
    assets: AssetUrls = field(default_factory=AssetUrls.for_base_path)


def _elements(root: folium.Element) -> Iterator[folium.Element]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def localise_assets(m: folium.Map, assets: AssetUrls) -> folium.Map:
    """Point every element's JS/CSS at the app's own Leaflet; refuse anything else.

    folium asks for jQuery, Bootstrap and Font Awesome from CDNs that the basic map never
    uses; offline, streamlit-folium stops at the first asset that fails and the map stays
    blank, so they are dropped here rather than served.
    """
    for element in _elements(m):
        if not isinstance(element, folium.elements.JSCSSMixin):
            continue
        names = {name for name, _ in element.default_js} - {"leaflet", "jquery", "bootstrap"}
        if names - {"awesome_markers"}:
            raise ValueError(f"{type(element).__name__} needs assets not served offline: {names}")
        element.default_js = [("leaflet", assets.js)] if isinstance(element, folium.Map) else []
        element.default_css = (
            [("leaflet_css", assets.css)] if isinstance(element, folium.Map) else []
        )
    return m


def base_map(view: MapView) -> folium.Map:
    """An empty map with no tile server: land is drawn from our own shapes on a plain sea."""
    m = folium.Map(
        location=[30, 10],
        zoom_start=2,
        tiles=None,
        min_zoom=1,
        max_zoom=10,
        world_copy_jump=False,
        prefer_canvas=False,
        control_scale=True,
    )
    m._id = MAP_ID
    south, west, north, east = view.bounds
    m.fit_bounds([[south, west], [north, east]])
    style = f"<style>.folium-map, .leaflet-container {{ background: {SEA_COLOUR}; }}</style>"
    m.get_root().header.add_child(Element(style), name="histatlas_sea")
    return m


def political_layer(polities: gpd.GeoDataFrame, colours: dict[str, str]) -> folium.GeoJson:
    """Every polity of the day as one GeoJSON layer; ``colours`` maps polity id -> fill."""
    frame = polities[["id", "name", "status", "precision", "geometry"]].copy()
    frame["fill"] = [colours.get(pid, LAND_COLOUR) for pid in frame["id"]]
    layer = folium.GeoJson(
        frame.__geo_interface__,
        name="Political map",
        style_function=_polity_style,
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "status", "precision"], aliases=["", "Status", "Shape"]
        ),
    )
    layer._id = "political"
    return layer


def _polity_style(feature: dict) -> dict:
    props = feature["properties"]
    approximate = props.get("precision") == "approximate"
    return {
        "fillColor": props.get("fill", LAND_COLOUR),
        "fillOpacity": 1.0,
        "color": BORDER_COLOUR,
        "weight": 0.6,
        "dashArray": "3 3" if approximate else None,
    }


def build_map(view: MapView, polities: gpd.GeoDataFrame, colours: dict[str, str]) -> folium.Map:
    m = base_map(view)
    political_layer(polities, colours).add_to(m)
    return localise_assets(m, view.assets)
