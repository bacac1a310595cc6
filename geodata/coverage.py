"""Checks a political map: overlaps between polities and base land no polity covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geodata.geometry import exact_shapes
from geodata.polities import load_gazetteer
from geodata.recipes import base_geometries, fast_union


@cache
def equal_area() -> Any:
    """lon/lat -> cylindrical equal-area in km (pyproj is imported only for measuring)."""
    import pyproj

    return pyproj.Transformer.from_crs(4326, "+proj=cea +units=km", always_xy=True)


def to_equal_area(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry in km on a cylindrical equal-area projection, made valid."""
    transformer = equal_area()

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.make_valid(shapely.transform(geometry, project))


def area_km2(geometry: BaseGeometry) -> float:
    """Area in km2 (equal-area projection), for lon/lat geometries."""
    if geometry.is_empty:
        return 0.0
    return float(to_equal_area(geometry).area)


@dataclass(frozen=True)
class Overlap:
    first: str
    second: str
    km2: float


@dataclass(frozen=True)
class Uncovered:
    a3: str
    km2: float


@cache
def _all_land() -> BaseGeometry:
    return fast_union(list(base_geometries().values()))


@cache
def _pair_km2(first: tuple[str, int], second: tuple[str, int]) -> float:
    """Overlap of two non-residual periods: fixed shapes, so cached across days."""
    gazetteer = load_gazetteer()
    from geodata.recipes import evaluate

    a = evaluate(gazetteer.get(first[0]).periods[first[1]].shape)
    b = evaluate(gazetteer.get(second[0]).periods[second[1]].shape)
    return _overlap_km2(a, b)


def _overlap_km2(a: BaseGeometry, b: BaseGeometry) -> float:
    if not shapely.intersects(a, b) or shapely.touches(a, b):
        return 0.0
    return area_km2(shapely.intersection(a, b))


def overlaps(day: date, min_km2: float = 1.0) -> list[Overlap]:
    """Pairs of polities whose shapes share more than ``min_km2`` on ``day``.

    A residual shape has every non-residual shape subtracted already, so only pairs of
    two non-residual periods (cached) and of two residual ones are measured.
    """
    gazetteer = load_gazetteer()
    shapes = exact_shapes(day)
    states = {s.id: s for s in gazetteer.on(day)}
    ids = list(shapes)
    residual = {i: gazetteer.get(i).periods[states[i].period_index].shape.residual for i in ids}
    tree = shapely.STRtree([shapes[i] for i in ids])
    left, right = tree.query([shapes[i] for i in ids], predicate="intersects")
    found = []
    for i, j in zip(left, right, strict=True):
        a, b = ids[i], ids[j]
        if i >= j or residual[a] != residual[b]:
            continue
        if residual[a]:
            km2 = _overlap_km2(shapes[a], shapes[b])
        else:
            km2 = _pair_km2((a, states[a].period_index), (b, states[b].period_index))
        if km2 > min_km2:
            found.append(Overlap(a, b, round(km2, 1)))
    return found


def uncovered(day: date, min_km2: float = 1.0) -> list[Uncovered]:
    """Base countries with more than ``min_km2`` of land that no polity covers on ``day``."""
    shapes = list(exact_shapes(day).values())
    # Shapes are cut from the base land, so when their areas add up to the land's area
    # nothing is missing (overlaps are checked separately); skip the costly difference.
    deficit = _all_land().area - sum(s.area for s in shapes)
    if deficit < 1e-4:
        return []
    rest = shapely.difference(_all_land(), fast_union(shapes))
    if rest.is_empty:
        return []
    pieces = [p for p in shapely.get_parts(rest) if p.geom_type == "Polygon"]
    codes = list(base_geometries())
    tree = shapely.STRtree([base_geometries()[c] for c in codes])
    totals: dict[str, float] = {}
    for piece in pieces:
        km2 = area_km2(piece)
        hits = tree.query(piece.representative_point(), predicate="intersects")
        code = codes[hits[0]] if len(hits) else "?"
        totals[code] = totals.get(code, 0.0) + km2
    return [Uncovered(c, round(k, 1)) for c, k in sorted(totals.items()) if k > min_km2]


def days_to_check(first_year: int = 1772, last_year: int = 1991) -> list[date]:
    """1 June of every year plus every change date, through ``last_year`` (sorted)."""
    end = date(last_year, 12, 31)
    days = {date(year, 6, 1) for year in range(first_year, last_year + 1)}
    days |= {d for d in load_gazetteer().change_dates() if d <= end}
    return sorted(days)


def map_problems(day: date) -> list[str]:
    """Every overlap, hole and invalid or empty shape on ``day``, as readable lines."""
    problems = []
    for polity_id, shape in exact_shapes(day).items():
        if shape.is_empty or not shape.is_valid:
            problems.append(f"{day}: {polity_id}: empty or invalid shape")
    for overlap in overlaps(day):
        problems.append(f"{day}: {overlap.first} overlaps {overlap.second} by {overlap.km2} km2")
    for hole in uncovered(day):
        problems.append(f"{day}: {hole.km2} km2 of {hole.a3} belongs to no polity")
    return problems
