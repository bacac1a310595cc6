"""Where a name goes inside a shape: its pole of inaccessibility in Web Mercator.

The point of the shape's largest part farthest from its border (``shapely.ops.polylabel``),
not its centroid, which falls outside a crescent or an archipelago; with it the distance to
the border (the room a name has there) and the width of the shape across that point, in
Mercator radians: multiplied by ``256 * 2**zoom / (2 * pi)`` they are screen pixels at that
zoom. A big shape has more spots, one per grid cell it covers, so a map showing part of the
Soviet Union still names it. Shared by the map in the browser (each shape file carries its
spots) and the picture exports.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, shape
from shapely.ops import polylabel

MERCATOR_LAT = 85.0
CELL = 0.4  # grid cells for big shapes, Mercator radians (about 23 degrees of longitude)
MIN_ROOM = 0.0005  # 0.5 px at zoom 4: no name fits there at any zoom the map allows


def projected(geometry: dict[str, Any]) -> Any:
    """A GeoJSON geometry in Web Mercator radians (x = longitude, y = Mercator northing)."""

    def to_mercator(xy: np.ndarray) -> np.ndarray:
        lat = np.clip(xy[:, 1], -MERCATOR_LAT, MERCATOR_LAT)
        return np.column_stack(
            [np.radians(xy[:, 0]), np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))]
        )

    return shapely.transform(shape(geometry), to_mercator)


def largest_part(geom: Any) -> Any:
    parts = getattr(geom, "geoms", [geom])
    polygons = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    return max(polygons, key=lambda p: p.area) if polygons else None


def pole(part: Any, precision: float = 400) -> tuple[float, float, float]:
    """(x, y, room) of a projected polygon: its pole of inaccessibility and the distance from
    there to the nearest ring."""
    spot = polylabel(part, tolerance=max(part.length / precision, 1e-4))
    room = part.exterior.distance(spot)
    for hole in part.interiors:
        room = min(room, hole.distance(spot))
    return spot.x, spot.y, room


def _across(part: Any, x: float, y: float) -> tuple[float, float]:
    """The middle and length of the horizontal chord of ``part`` through (x, y)."""
    x0, _, x1, _ = part.bounds
    chord = part.intersection(LineString([(x0 - 1, y), (x1 + 1, y)]))
    for piece in getattr(chord, "geoms", [chord]):
        if piece.geom_type == "LineString" and not piece.is_empty:
            (ax, _), (bx, _) = piece.coords[0], piece.coords[-1]
            if min(ax, bx) - 1e-9 <= x <= max(ax, bx) + 1e-9:
                return (ax + bx) / 2, abs(bx - ax)
    return x, 0.0


def _candidates(shape_m: Any) -> list[tuple[float, float, float, float]]:
    """(x, y, room, across) for the largest part, then for the parts in each grid cell of a
    big shape (so a big country still has a name where the map shows part of it)."""
    found = []
    parts = [largest_part(shape_m)]
    x0, y0, x1, y1 = shape_m.bounds
    if max(x1 - x0, y1 - y0) > CELL:
        for i in range(math.floor(x0 / CELL), math.ceil(x1 / CELL)):
            for j in range(math.floor(y0 / CELL), math.ceil(y1 / CELL)):
                cell = (i * CELL, j * CELL, (i + 1) * CELL, (j + 1) * CELL)
                parts.append(largest_part(shapely.clip_by_rect(shape_m, *cell)))
    for n, part in enumerate(parts):
        if part is None or part.area <= 0:
            continue
        x, y, room = pole(part, 400 if n == 0 else 60)
        middle, across = _across(part, x, y)
        found.append((middle, y, room, across))
    return found


def spots(geometry: dict[str, Any]) -> list[list[float]]:
    """[[lat, lon, room, across], ...] for a GeoJSON (multi)polygon, the largest part's first:
    where a name goes (the middle of the widest line through the pole), the room above and
    below it and the width across it, in Mercator radians. Empty for a shape with no area."""
    try:
        shape_m = projected(geometry)
        found = _candidates(shape_m)
    except (shapely.errors.GEOSException, ValueError):
        return []
    out = []
    for x, y, room, across in found:
        if room < MIN_ROOM:
            continue
        lat = math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
        out.append([round(lat, 3), round(math.degrees(x), 3), round(room, 5), round(across, 5)])
    return out
