"""Turn a view's layers and the polities' shapes into a ``folium.Map`` (no Streamlit here).

The map itself (Leaflet, sea, bounds) stays the same while the date changes; everything that
depends on the date is one small ``ViewLayer`` whose script is a JSON spec that
``static/histatlas-map.js`` draws. In the app the shapes are fetched once from static files
(see shapestore); with ``embed=True`` the shapes and the script are inlined for exports.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import folium.elements
from branca.element import Element
from jinja2 import Template

from dashboard.map import colours
from dashboard.map.assets import MAP_SCRIPT, AssetUrls
from dashboard.map.fit import OPENING_ZOOM, view_centre
from dashboard.map.layers import Arrow, MapLayers
from dashboard.map.shapes import BUNDLES, SHAPES, ShapeSet
from dashboard.map.yearframes import CHUNK_YEARS, FRAMES

SEA_COLOUR = colours.SEA
# folium gives every element a random id on each run; fixed ids keep the map's HTML stable
# between reruns, so Streamlit sends nothing when nothing on the map changed.
MAP_ID = "histatlas"
LAYER_ID = "view"
SCRIPT = MAP_SCRIPT
WORLD = (-58.0, -170.0, 78.0, 190.0)  # south, west, north, east
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"
# Names on the map, in the app and in the exported player.
NAMES_CSS = """/* Names on the map (static/histatlas-map.js places them): dark on a white halo. */
.hx-label { background: none; border: none; }
.hx-name { font: 600 12px/1.15 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  color: NAME; text-align: center; white-space: nowrap; letter-spacing: .01em;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.hx-name-area { font-style: italic; color: #3a3a3a; }""".replace("NAME", colours.LABEL)
CSS = """<style>
.folium-map, .leaflet-container { background: SEA; }
.histatlas-legend, .histatlas-title { background: rgba(255,255,255,.92); padding: 6px 8px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font: 12px/1.35 sans-serif; }
.histatlas-legend { max-height: 38vh; overflow-y: auto; max-width: 250px; font-size: 11px; }
.histatlas-legend summary { cursor: pointer; font-weight: bold; }
.histatlas-legend .lg-h { font-weight: bold; margin-top: 4px; }
.histatlas-legend svg { vertical-align: middle; }
.histatlas-title { font-size: 14px; max-width: 360px; }
/* As wide as the text up to 380px: a tooltip near the map's edge is not squeezed. */
.leaflet-tooltip { width: max-content; max-width: 380px; white-space: normal; }
NAMES_CSS
/* A shape reached by keyboard: a thick dark ring over a white one, whatever its fill. */
.leaflet-interactive:focus { outline: none; }
.leaflet-interactive:focus-visible { stroke: #000 !important; stroke-width: 4px !important;
  stroke-dasharray: none !important; stroke-opacity: 1 !important;
  filter: drop-shadow(0 0 2px #fff) drop-shadow(0 0 1px #fff); }
/* The map's own time control (static/histatlas-map.js): a year is drawn at once. */
.histatlas-time { display: flex; align-items: center; gap: 6px; padding: 6px 10px;
  background: rgba(255,255,255,.95); border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
  font: 13px/1.2 sans-serif; }
.histatlas-time button { min-width: 30px; height: 28px; border: 1px solid #8a8a8a;
  border-radius: 4px; background: #fff; color: #222; cursor: pointer; font-size: 12px; }
.histatlas-time button:hover { background: #eef3f8; }
.histatlas-time input[type=range] { width: min(40vw, 420px); accent-color: #2f5d8a; }
.histatlas-time .hx-year { min-width: 2.6em; text-align: right; font: 700 18px/1 sans-serif;
  font-variant-numeric: tabular-nums; color: #1b1b1b; }
.histatlas-time :focus-visible { outline: 3px solid #1b4f8a; outline-offset: 1px; }
.hx-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
</style>""".replace("SEA", SEA_COLOUR).replace("NAMES_CSS", NAMES_CSS)


@dataclass(frozen=True)
class MapView:
    """Where the map looks, which basemap, and how the browser reaches Leaflet and shapes."""

    title: str = ""
    bounds: tuple[float, float, float, float] = WORLD  # S, W, N, E
    assets: AssetUrls = field(default_factory=AssetUrls.for_base_path)
    basemap: str = "none"
    fill_frame: bool = False  # the map takes its frame's height, whatever the embed's size

    @property
    def static_prefix(self) -> str:
        """``<base>/app/static``: the app's static route (Leaflet's URL says where it is)."""
        return self.assets.js.split("/vendor/", 1)[0]

    @property
    def script_url(self) -> str:
        version = hashlib.sha1(SCRIPT.read_bytes()).hexdigest()[:10]
        return f"{self.static_prefix}/{SCRIPT.name}?v={version}"


def _elements(root: folium.Element) -> Iterator[folium.Element]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def localise_assets(m: folium.Map, assets: AssetUrls, extra_js: tuple[str, ...] = ()) -> folium.Map:
    """Point every element's JS/CSS at the app's own Leaflet; refuse anything else.

    folium asks for jQuery, Bootstrap and Font Awesome from CDNs that these maps never use;
    offline, streamlit-folium stops at the first asset that fails and the map stays blank,
    so they are dropped here rather than served.
    """
    for element in _elements(m):
        if not isinstance(element, folium.elements.JSCSSMixin):
            continue
        names = {name for name, _ in element.default_js} - {"leaflet", "jquery", "bootstrap"}
        if names - {"awesome_markers"}:
            raise ValueError(f"{type(element).__name__} needs assets not served offline: {names}")
        is_map = isinstance(element, folium.Map)
        js = [("leaflet", assets.js)] + [(f"histatlas_{i}", u) for i, u in enumerate(extra_js)]
        element.default_js = js if is_map else []
        element.default_css = [("leaflet_css", assets.css)] if is_map else []
    return m


class RawHead(Element):
    """Fixed text for the page's head. A plain branca ``Element(text)`` compiles its text as a
    Jinja template each time one is made - on every run, for the map's CSS."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def base_map(view: MapView) -> folium.Map:
    """A map with no tile server by default: land is drawn from our shapes on a plain sea."""
    # Opened at the centre of its fit, so that even the view the map reports before the fit
    # shows is told apart from a pan (dashboard.map.fit).
    m = folium.Map(
        location=list(view_centre(view.bounds)),
        zoom_start=OPENING_ZOOM,  # the least zoom: every fit zooms in from here
        tiles=None,
        min_zoom=OPENING_ZOOM,
        max_zoom=10,
        world_copy_jump=False,
        prefer_canvas=False,
        control_scale=True,
        # Quarter zoom steps: fitting a region fills the map instead of rounding down.
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    m._id = MAP_ID
    if view.basemap == "osm":
        tiles = folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap")
        tiles._id = "osm"
        tiles.add_to(m)
    south, west, north, east = view.bounds
    m.fit_bounds([[south, west], [north, east]])
    m.get_root().header.add_child(RawHead(CSS), name="histatlas_css")
    if view.fill_frame:
        # streamlit-folium gives the map a fixed height; the frame around it is sized by the
        # page (an embed's CSS), and Leaflet follows the frame's resize events.
        fill = "<style>#map_div, #map_div2 { height: 100vh !important; }</style>"
        m.get_root().header.add_child(RawHead(fill), name="histatlas_fill")
    return m


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no '</' (so no '</script>'), no '<!--', no line
    separators. Other '<' stay as they are: tooltips are HTML and this keeps them short."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class ViewLayer(folium.FeatureGroup):
    """Every date-dependent mark of one view, drawn by histatlas.draw from a JSON spec."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.featureGroup();
{%- if this.embed %}
histatlas.draw({{ this.get_name() }}, {{ this.spec_js }}, {{ this._parent.get_name() }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{%- else %}
histatlas.draw({{ this.get_name() }}, {{ this.spec_js }});
{%- endif %}
{% endmacro %}
"""
    )

    def __init__(self, spec: dict[str, Any], embed: bool = False) -> None:
        super().__init__(name="histatlas view", overlay=True, control=False)
        self._name = "FeatureGroup"  # streamlit-folium names the group feature_group_<n>
        self._id = LAYER_ID
        self.spec = spec
        self.spec_js = script_json(spec)
        self.embed = embed


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _inverse_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def arrow_head(arrow: Arrow) -> list[list[float]]:
    """A small triangle at the arrow's end, pointing along it (in map, i.e. Mercator, space)."""
    (lat1, lon1), (lat2, lon2) = arrow.start, arrow.end
    x1, y1, x2, y2 = lon1, _mercator_y(lat1), lon2, _mercator_y(lat2)
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    size = min(max(0.1 * length, 1.6), 4.0) * (0.8 + arrow.weight / 10)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * size, y2 - uy * size
    half = size * 0.5
    corners = [(x2, y2), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    return [[round(_inverse_y(y), 3), round(x, 3)] for x, y in corners]


def _style_table(layers: MapLayers) -> tuple[list[dict[str, object]], dict[object, int]]:
    styles: list[dict[str, object]] = []
    index: dict[object, int] = {}
    for mark in (*layers.polities, *layers.areas.marks):
        if mark.style not in index:
            index[mark.style] = len(styles)
            styles.append(mark.style.as_leaflet())
    return styles, index


@dataclass(frozen=True)
class Frames:
    """The year frames the browser may step through (dashboard.map.yearframes): the span of
    years showing the map drawn now, the year a link without one means (the page's address
    says the year; the browser reads it there), the slider's range, and the chunk files
    ready, by their decade's first year. Nothing here names the exact year: a step inside
    the span sends the map nothing."""

    span: tuple[int, int]
    origin: int
    first: int
    last: int
    files: dict[int, str]

    def ready(self) -> bool:
        return self.span[0] - self.span[0] % CHUNK_YEARS in self.files


def view_spec(
    layers: MapLayers,
    shapes: ShapeSet,
    view: MapView,
    *,
    legend: str = "",
    embed: bool = False,
    frames: Frames | None = None,
) -> dict[str, Any]:
    """The JSON the browser draws: shape keys, styles, tooltips and names, partitioned land,
    arrows, points, legend, the bounds to frame and the map in words. With ``frames`` the
    browser also gets its time control, and when the year's chunk is ready the spec says only
    the year: the rows come from the chunk it fetches once (a step sends a few hundred bytes).
    """
    styles, index = _style_table(layers)
    polities = [
        [shapes.keys[m.id], m.id, index[m.style], m.tooltip, m.label]
        + ([m.short] if m.short and m.short != m.label else [])
        for m in layers.polities
        if m.id in shapes.keys
    ]
    areas = [
        [m.key, m.click_id, index[m.style], m.tooltip, m.label] + ([m.short] if m.short else [])
        for m in layers.areas.marks
    ]
    used = {p[0] for p in polities}
    spec: dict[str, Any] = {
        "styles": styles,
        "polities": polities,
        "areas": areas,
        "arrows": [
            [
                a.click_id,  # a flow of many relationships: the polity most point at
                [list(a.start), list(a.end)],
                arrow_head(a),
                a.colour,
                a.weight,
                a.dashed,
                a.tooltip,
            ]
            for a in layers.arrows
        ],
        # An aggregated marker adds its count, and its id is what a click selects.
        "points": [
            [p.click_id, p.lat, p.lon, p.colour, p.radius, p.dashed, p.tooltip]
            + ([p.count] if p.count > 1 else [])
            for p in layers.points
        ],
        "legend": legend,
        "title": view.title if embed else "",
        "fit": list(view.bounds),
        # Not the title: it names the year, and years with the same map send the same spec
        # (a quiet step sends a few hundred bytes); the page's heading says the year.
        "summary": layers.words,
    }
    if embed:
        spec["inline"] = {k: g for k, g in shapes.geometries.items() if k in used}
        spec["inline"].update(layers.areas.geometries)
    else:
        spec["shapeBase"] = f"{view.static_prefix}/generated/{SHAPES}/"
        spec["bundle"] = f"{view.static_prefix}/generated/{BUNDLES}/{shapes.bundle}"
    if frames is not None and not embed:
        spec["frames"] = {
            "base": f"{view.static_prefix}/generated/{FRAMES}/",
            "bundleBase": f"{view.static_prefix}/generated/{BUNDLES}/",
            "first": frames.first,
            "last": frames.last,
            "chunk": CHUNK_YEARS,
            "files": {str(k): v for k, v in sorted(frames.files.items())},
            "span": list(frames.span),
            "origin": frames.origin,
        }
        if frames.ready():
            for drawn_from_chunk in ("styles", "polities", "areas", "arrows", "points", "summary"):
                del spec[drawn_from_chunk]
            del spec["bundle"]
    return spec


def build_map_parts(
    view: MapView,
    layers: MapLayers,
    shapes: ShapeSet,
    *,
    legend: str = "",
    frames: Frames | None = None,
) -> tuple[folium.Map, ViewLayer]:
    """For the app: the steady map, and the date's layer (st_folium's feature_group_to_add)."""
    m = base_map(view)
    localise_assets(m, view.assets, extra_js=(view.script_url,))
    overlay = ViewLayer(view_spec(layers, shapes, view, legend=legend, frames=frames))
    return m, overlay


def build_map(
    view: MapView,
    layers: MapLayers,
    shapes: ShapeSet,
    *,
    legend: str = "",
    embed: bool = True,
) -> folium.Map:
    """One self-contained map (for exports and tests): the script and shapes inlined."""
    m = base_map(view)
    localise_assets(m, view.assets)
    source = SCRIPT.read_text(encoding="utf-8").replace("</", "<\\/")
    m.get_root().header.add_child(RawHead(f"<script>{source}</script>"), name="histatlas_js")
    overlay = ViewLayer(view_spec(layers, shapes, view, legend=legend, embed=embed), embed=True)
    overlay.add_to(m)
    return m


def script_path() -> Path:
    return SCRIPT
