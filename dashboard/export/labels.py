"""Polity names placed inside their shapes on a picture: where, how big, and which fit.

A name sits at the shape's pole of inaccessibility (the point farthest from its border,
``shapely.ops.polylabel``), not its centroid, which falls outside a crescent or an archipelago.
Its size follows the room there; a name that fits on no line (nor on two) at the smallest
size, or that would overlap a bigger neighbour's name, is left out rather than drawn over the
border. Bigger shapes are placed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from matplotlib import patheffects
from shapely.geometry import box

from dashboard.map.spots import largest_part, pole, projected

MIN_POINTS = 6.0
MAX_POINTS = 13.0
CHAR_WIDTH = 0.62  # average glyph width of DejaVu Sans, in ems, with room for the halo
LINE_HEIGHT = 1.2
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]  # for lines only
# Under a name, a light box keeps it readable over any fill; a path-effect halo would turn
# the text into outlines in SVG and PDF, where it should stay text (searchable, editable).
TEXT_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.6}


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    points: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in map units


def _lines(name: str) -> list[list[str]]:
    """The name on one line, then split on two at the space nearest its middle."""
    options = [[name]]
    words = name.split()
    if len(words) > 1:
        cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(name) / 2))
        options.append([" ".join(words[:cut]), " ".join(words[cut:])])
    return options


def candidates(
    collection: dict[str, Any],
    extent: tuple[float, float, float, float],
    units_per_point: float,
    keep_clear: list[tuple[float, float, float, float]] | None = None,
    short_names: dict[str, str] | None = None,
) -> list[Label]:
    """Labels that fit, biggest room first, none overlapping another or a ``keep_clear`` box
    (x0, y0, x1, y1: the scale bar, say). A name of the day that does not fit ("People's
    Republic of Angola") gives way to the polity's short name ("Angola")."""
    x0, x1, y0, y1 = extent
    frame = box(x0, y0, x1, y1)
    rooms = []
    for feature in collection.get("features", []):
        name = feature["properties"].get("name") or ""
        if not name:
            continue
        try:
            part = largest_part(projected(feature["geometry"]).intersection(frame))
        except (shapely.errors.GEOSException, ValueError):
            continue
        if part is None or part.area <= 0:
            continue
        x, y, room = pole(part)
        short = (short_names or {}).get(feature["properties"].get("id", ""), name)
        rooms.append((room, name, short, x, y))
    placed: list[Label] = []
    taken = list(keep_clear or [])
    for room, name, short, x, y in sorted(rooms, reverse=True):
        fits = _fits(name, x, y, room, units_per_point)
        if short != name:
            fits += _fits(short, x, y, room, units_per_point)
        for label in fits:
            if not any(_overlap(label.box, other) for other in taken):
                placed.append(label)
                taken.append(label.box)
                break
    return placed


def _fits(name: str, x: float, y: float, room: float, units_per_point: float) -> list[Label]:
    """Every way the name fits its room, biggest first (a crowded spot takes a smaller one)."""
    found = []
    points = min(MAX_POINTS, max(MIN_POINTS, room / units_per_point * 0.45))
    while points >= MIN_POINTS:
        for lines in _lines(name):
            width = max(len(line) for line in lines) * points * CHAR_WIDTH * units_per_point
            height = len(lines) * points * LINE_HEIGHT * units_per_point
            # The text may reach a little past the inscribed circle, never far past it.
            if width <= room * 2.6 and height <= room * 2.0:
                half_w, half_h = width / 2, height / 2
                bounds = (x - half_w, y - half_h, x + half_w, y + half_h)
                found.append(Label("\n".join(lines), x, y, points, bounds))
        points -= 1.0
    return found


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place(
    ax: Any,
    collection: dict[str, Any],
    extent: tuple[float, float, float, float],
    keep_clear: list[tuple[float, float, float, float]] | None = None,
    short_names: dict[str, str] | None = None,
) -> list[Label]:
    """Draw the names that fit on ``ax``; returns them."""
    width_points = ax.get_position().width * ax.figure.get_size_inches()[0] * 72
    units_per_point = (extent[1] - extent[0]) / width_points
    drawn = candidates(collection, extent, units_per_point, keep_clear, short_names)
    for label in drawn:
        ax.text(
            label.x, label.y, label.text, fontsize=label.points, ha="center", va="center",
            color="#1f1f1f", bbox=TEXT_BOX, zorder=6, linespacing=1.0,
        )  # fmt: skip
    return drawn
