"""A small TopoJSON decoder: arcs (quantized, delta-encoded) to shapely polygons."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry


class TopoJSONError(ValueError):
    """The document is not TopoJSON this decoder understands."""


@dataclass(frozen=True)
class Feature:
    properties: dict[str, Any]
    geometry: BaseGeometry


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute coordinates (undoing quantization and delta encoding)."""
    transform = topology.get("transform")
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise TopoJSONError("topology has no arcs")
    if not transform:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(
    indexes: Sequence[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def _polygon(rings: Sequence[Sequence[int]], arcs: list[list[tuple[float, float]]]) -> BaseGeometry:
    coords = [_ring(r, arcs) for r in rings]
    coords = [c for c in coords if len(c) >= 4]
    if not coords:
        return shapely.Polygon()
    return shapely.Polygon(coords[0], coords[1:])


def _geometry(obj: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> BaseGeometry:
    kind = obj.get("type")
    if kind == "Polygon":
        geometry = _polygon(obj["arcs"], arcs)
    elif kind == "MultiPolygon":
        geometry = shapely.MultiPolygon([_polygon(p, arcs) for p in obj["arcs"]])
    elif kind is None:
        return shapely.Polygon()
    else:
        raise TopoJSONError(f"unsupported geometry type {kind!r}")
    return shapely.make_valid(geometry) if not geometry.is_valid else geometry


def features(topology: dict[str, Any], object_name: str | None = None) -> Iterator[Feature]:
    """Features of one object collection (the only one when ``object_name`` is None)."""
    if topology.get("type") != "Topology":
        raise TopoJSONError("not a TopoJSON Topology")
    objects = topology.get("objects") or {}
    if object_name is None:
        if len(objects) != 1:
            raise TopoJSONError(f"expected one object collection, found {len(objects)}")
        object_name = next(iter(objects))
    collection = objects[object_name]
    arcs = decode_arcs(topology)
    for obj in collection.get("geometries", []):
        yield Feature(properties=dict(obj.get("properties") or {}), geometry=_geometry(obj, arcs))
