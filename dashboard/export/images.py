"""A view as a picture for slides and print (PNG, SVG, PDF) and a tour as a PDF handout.

Drawn with matplotlib from the same frame data as the HTML export (dashboard.export.frames),
so a picture shows what the app shows: the polities' fills and hatches, arrows, event marks,
each state's name inside it, a legend, a scale bar and the attribution of every source. No
browser and no network: the map is projected here (Web Mercator, as in the app).
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import replace
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Patch, PathPatch
from matplotlib.path import Path as MplPath

from dashboard.export import labels
from dashboard.export.frames import (
    Atlas,
    Frame,
    attributions,
    date_label,
    frame_data,
    map_day,
    tour_frames,
)
from dashboard.view.state import ViewState
from events.model import Pack

FORMATS = ("png", "svg", "pdf")
# SVG text stays text (editable in a slide tool, searchable); PDF fonts are embedded TrueType.
# Figures are made without pyplot: no backend, no window, nothing global changed.
SAVE_SETTINGS = {"svg.fonttype": "none", "pdf.fonttype": 42}
SLIDE_INCHES = (40 / 3, 7.5)  # 16:9, the shape of a projected slide: 2000 x 1125 px
HANDOUT_INCHES = (11.69, 8.27)  # A4 landscape
DPI = 150
WORLD = (-60.0, -180.0, 84.0, 180.0)
SEA = "#dce6ee"
LEGEND_SPLIT = 0.76  # the map's share of its row; the legend takes the rest
LEGEND_WRAP = 44  # characters a legend line holds in that rest
EARTH_RADIUS_KM = 6371.0088


def mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator in radians of the equator (x = lon, y = ln tan(45° + lat/2))."""
    lat = np.clip(lat, -85.0, 85.0)
    return np.radians(lon), np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _path(geometry: dict[str, Any]) -> MplPath | None:
    """One compound path (holes included) in projected coordinates."""
    vertices, codes = [], []
    for ring in _rings(geometry):
        if len(ring) < 3:
            continue
        xy = np.asarray(ring, dtype=float)
        x, y = mercator(xy[:, 0], xy[:, 1])
        vertices.append(np.column_stack([x, y]))
        ring_codes = np.full(len(ring), MplPath.LINETO, dtype=np.uint8)
        ring_codes[0] = MplPath.MOVETO
        ring_codes[-1] = MplPath.CLOSEPOLY
        codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _dashes(dash: object) -> Any:
    if not dash:
        return "solid"
    return (0, tuple(float(v) for v in str(dash).split()))


def _draw_polities(ax: Any, collection: dict[str, Any], styles: dict[str, Any]) -> None:
    for feature in collection.get("features", []):
        path = _path(feature["geometry"])
        if path is None:
            continue
        style = styles.get(feature["properties"]["id"], {})
        opacity = float(style.get("fillOpacity", 1.0))
        ax.add_patch(
            PathPatch(
                path,
                facecolor=to_rgba(style.get("fillColor", "#e8e4d8"), opacity),
                edgecolor=style.get("color", "#8a8a8a"),
                linewidth=float(style.get("weight", 0.6)) * 0.6,
                linestyle=_dashes(style.get("dashArray")),
                zorder=1,
            )
        )
        if style.get("hatch"):
            ax.add_patch(
                PathPatch(
                    path, facecolor="none", edgecolor=style["hatch"], hatch="////",
                    linewidth=0, zorder=1.1,
                )
            )  # fmt: skip


def _draw_marks(ax: Any, data: dict[str, Any]) -> None:
    for arrow in data["arrows"]:
        (lat1, lon1), (lat2, lon2) = arrow["from"], arrow["to"]
        x, y = mercator(np.array([lon1, lon2]), np.array([lat1, lat2]))
        ax.add_patch(
            FancyArrowPatch(
                (x[0], y[0]), (x[1], y[1]), arrowstyle="-|>", mutation_scale=10,
                color=arrow["colour"], linewidth=max(0.8, float(arrow["weight"]) * 0.5),
                linestyle="--" if arrow.get("dashed") else "-", zorder=3,
            )
        )  # fmt: skip
    for point in data["points"]:
        x, y = mercator(np.array([point["at"][1]]), np.array([point["at"][0]]))
        ax.scatter(
            x, y, s=max(12.0, float(point["radius"]) ** 2), color=point["colour"],
            edgecolors="#333333", linewidths=0.6, zorder=4,
        )  # fmt: skip


def _frame_bounds(data: dict[str, Any], aspect: float) -> tuple[float, float, float, float]:
    """The view's bounds, projected and widened (or heightened) to the map's ``aspect``
    (width / height), so the region fills the picture as it fills the app's map."""
    south, west, north, east = data["bounds"] or WORLD
    x, y = mercator(np.array([west, east]), np.array([south, north]))
    x0, x1, y0, y1 = float(x[0]), float(x[1]), float(y[0]), float(y[1])
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / aspect - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, x1, y0, y1


def _scale_bar(ax: Any, extent: tuple[float, float, float, float]) -> None:
    """A bar of a round number of km, true at the map's middle latitude (lower left)."""
    x0, x1, y0, y1 = extent
    mid_lat = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2)) - math.pi / 2)
    km_per_unit = EARTH_RADIUS_KM * math.cos(math.radians(mid_lat))
    target = (x1 - x0) * km_per_unit / 5
    km = max(v for v in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if v <= max(target, 10))
    length = km / km_per_unit
    left, base = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.04
    ax.plot([left, left + length], [base, base], color="#222222", linewidth=2.5, zorder=7,
            path_effects=labels.HALO)  # fmt: skip
    ax.text(left, base + (y1 - y0) * 0.015, f"{km:,} km", fontsize=8, zorder=7,
            bbox=labels.TEXT_BOX)  # fmt: skip


def _legend(fig: Figure, anchor: tuple[float, float], data: dict[str, Any]) -> None:
    handles = []
    for raw in data["legend"]:
        entry = raw | {"label": textwrap.fill(raw["label"], LEGEND_WRAP)}
        if entry.get("hatch"):
            handles.append(
                Patch(facecolor=entry["colour"], edgecolor=entry["hatch"], hatch="////",
                      label=entry["label"])
            )  # fmt: skip
        else:
            handles.append(Patch(facecolor=entry["colour"], label=entry["label"]))
    if handles:
        fig.legend(
            handles=handles, loc="upper left", bbox_to_anchor=anchor, fontsize=7,
            frameon=False, title="Legend", title_fontsize=9, alignment="left",
        )  # fmt: skip


def _short_names(collection: dict[str, Any]) -> dict[str, str]:
    """Each drawn polity's short name from the gazetteer (a pack's own polities have none)."""
    from geodata.polities import load_gazetteer

    gazetteer = load_gazetteer()
    names = {}
    for feature in collection.get("features", []):
        polity_id = feature["properties"].get("id", "")
        try:
            names[polity_id] = gazetteer.get(polity_id).name
        except KeyError:
            continue
    return names


def draw_view(fig: Figure, rect: tuple[float, float, float, float], data: dict[str, Any],
              collection: dict[str, Any]) -> Any:  # fmt: skip
    """The map of one frame in ``rect`` (figure fractions), its legend to the right of it;
    returns its axes."""
    map_rect = (rect[0], rect[1], rect[2] * LEGEND_SPLIT, rect[3])
    ax = fig.add_axes(map_rect)
    ax.set_facecolor(SEA)
    width_in, height_in = fig.get_size_inches()
    aspect = (map_rect[2] * width_in) / (map_rect[3] * height_in)
    x0, x1, y0, y1 = _frame_bounds(data, aspect)
    _draw_polities(ax, collection, data["styles"])
    _draw_marks(ax, data)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    extent = (x0, x1, y0, y1)
    # Names stay clear of the scale bar in the lower left corner.
    keep_clear = (x0, y0, x0 + (x1 - x0) * 0.22, y0 + (y1 - y0) * 0.1)
    labels.place(ax, collection, extent, [keep_clear], _short_names(collection))
    _scale_bar(ax, extent)
    _legend(fig, (rect[0] + map_rect[2] + 0.01, rect[1] + rect[3]), data)
    return ax


def _attribution(fig: Figure, pack: Pack, borders: str, y: float) -> None:
    text = " · ".join(attributions(pack, borders, html_export=False))
    fig.text(0.02, y, textwrap.fill(text, 230), fontsize=6, color="#444444", va="bottom")


def _frame(pack: Pack, frame: Frame, atlas: Atlas) -> tuple[dict[str, Any], dict[str, Any]]:
    collection = atlas.shapes_on(map_day(frame.view))
    return frame_data(pack, frame, atlas, collection), collection


def _subtitle(view: ViewState) -> str:
    if view.day is not None:
        return f"Borders, alliances and deployments on {date_label(view)}"
    return (
        f"Borders as on 1 July {view.year}; alliances, deployments and events "
        f"at any time during {view.year}"
    )


def view_figure(pack: Pack, view: ViewState, atlas: Atlas, title: str = "") -> Figure:
    frame = Frame(replace(view, tour=None, slide=None, present=False), title=title)
    data, collection = _frame(pack, frame, atlas)
    fig = Figure(figsize=SLIDE_INCHES, dpi=DPI)
    when = view.day.isoformat() if view.day else str(view.year)
    fig.text(0.02, 0.97, f"{data['title']} · {when}", fontsize=15, weight="bold", va="top")
    fig.text(0.02, 0.925, _subtitle(view), fontsize=9, va="top", color="#333333")
    draw_view(fig, (0.02, 0.07, 0.96, 0.83), data, collection)
    _attribution(fig, pack, atlas.borders, 0.01)
    return fig


def view_image(pack: Pack, view: ViewState, fmt: str, atlas: Atlas | None = None,
               title: str = "") -> bytes:  # fmt: skip
    """The view as PNG, SVG or PDF bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    fig = view_figure(pack, view, atlas or Atlas.builtin(), title)
    out = io.BytesIO()
    with matplotlib.rc_context(SAVE_SETTINGS):
        fig.savefig(out, format=fmt, metadata=_metadata(fmt, pack, view))
    return out.getvalue()


def _metadata(fmt: str, pack: Pack, view: ViewState) -> dict[str, str]:
    title = f"{pack.manifest.title}, {view.day or view.year}"
    if fmt == "png":
        return {"Title": title, "Software": "histatlas"}
    if fmt == "pdf":
        return {"Title": title, "Creator": "histatlas"}
    return {"Title": title}


def _handout_page(pack: Pack, frame: Frame, atlas: Atlas, number: int, total: int) -> Figure:
    data, collection = _frame(pack, frame, atlas)
    fig = Figure(figsize=HANDOUT_INCHES, dpi=DPI)
    fig.text(0.03, 0.97, f"{number}/{total} · {data['title']}", fontsize=14, weight="bold",
             va="top")  # fmt: skip
    fig.text(0.03, 0.935, data["date"], fontsize=9, va="top", color="#333333")
    draw_view(fig, (0.03, 0.36, 0.94, 0.55), data, collection)
    lines = [textwrap.fill(data["caption"], 150)] if data["caption"] else []
    for excerpt_id in data["excerpts"]:
        excerpt = pack.excerpts_by_id[excerpt_id]
        cited = f"[{excerpt_id}, line {excerpt.line}] {excerpt.text}"
        lines.append(textwrap.fill(cited, 165))
    fig.text(0.03, 0.335, "\n\n".join(lines), fontsize=8, va="top", wrap=True)
    _attribution(fig, pack, atlas.borders, 0.015)
    return fig


def tour_pdf(pack: Pack, tour_id: str, atlas: Atlas | None = None) -> bytes:
    """A tour as a handout: one A4 page a slide (map, caption, the excerpts cited)."""
    atlas = atlas or Atlas.builtin()
    frames = tour_frames(pack, tour_id)
    out = io.BytesIO()
    title = pack.tours_by_id[tour_id].title
    with (
        matplotlib.rc_context(SAVE_SETTINGS),
        PdfPages(out, metadata={"Title": title, "Creator": "histatlas"}) as pdf,
    ):
        for number, frame in enumerate(frames, start=1):
            pdf.savefig(_handout_page(pack, frame, atlas, number, len(frames)))
    return out.getvalue()
