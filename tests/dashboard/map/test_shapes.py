"""Shapes written once, named by content."""

from __future__ import annotations

import json

from shapely.geometry import Polygon

from dashboard.map.shapes import BUNDLES, SHAPES, publish, shape_set


def frame(offset: float = 0.0) -> list[tuple[str, Polygon]]:
    return [
        ("a", Polygon([(0, 0), (2.00049, 0), (2, 2), (0, 2)])),
        ("b", Polygon([(3 + offset, 0), (4, 0), (4, 1), (3, 1)])),
    ]


def test_keys_follow_content_and_coordinates_are_rounded() -> None:
    first, second = shape_set(frame()), shape_set(frame(offset=0.5))
    assert first.keys["a"] == second.keys["a"]
    assert first.keys["b"] != second.keys["b"]
    ring = first.geometries[first.keys["a"]]["coordinates"][0]
    assert [2.0, 0.0] in [list(p) for p in ring]


def test_publish_writes_each_shape_and_a_bundle_once(tmp_path) -> None:
    shapes = publish(shape_set(frame()), tmp_path)
    files = sorted(p.name for p in (tmp_path / SHAPES).iterdir())
    assert files == sorted(f"{k}.json" for k in shapes.geometries)
    bundle = json.loads((tmp_path / BUNDLES / shapes.bundle).read_text())
    assert set(bundle) == set(shapes.geometries)
    stamp = (tmp_path / SHAPES / files[0]).stat().st_mtime_ns
    publish(shape_set(frame()), tmp_path)
    assert (tmp_path / SHAPES / files[0]).stat().st_mtime_ns == stamp
    assert (tmp_path / ".gitignore").read_text().strip().endswith("*")


def test_rings_collapsed_by_rounding_are_dropped_not_kept_broken() -> None:
    sliver = Polygon([(10, 10), (10.0002, 10.0001), (10.0004, 10), (10.0002, 10.0002)])
    shapes = shape_set([("big", Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])), ("sliver", sliver)])
    assert "big" in shapes.keys
    assert "sliver" not in shapes.keys
