"""The TopoJSON decoder on a tiny hand-made topology: two squares sharing one arc."""

from __future__ import annotations

import pytest

from geodata.sources.topojson import TopoJSONError, decode_arcs, features

# Arc 0 is the shared edge x=1 from (1,0) to (1,1); arcs are delta-encoded and quantized
# with scale 1 and translate (10, 20).
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [
        [[1, 0], [0, 1]],
        [[1, 1], [-1, 0], [0, -1], [1, 0]],
        [[1, 0], [1, 0], [0, 1], [-1, 0]],
    ],
    "objects": {
        "states": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "west"}},
                {"type": "Polygon", "arcs": [[2, -1]], "properties": {"name": "east"}},
                {"type": None, "properties": {"name": "nothing"}},
            ],
        }
    },
}


def test_arcs_are_dequantized_and_undeltaed() -> None:
    assert decode_arcs(TOPOLOGY)[0] == [(11.0, 20.0), (11.0, 21.0)]


def test_polygons_share_the_arc_and_have_unit_area() -> None:
    found = list(features(TOPOLOGY))
    assert [f.properties["name"] for f in found] == ["west", "east", "nothing"]
    west, east, nothing = (f.geometry for f in found)
    assert west.area == pytest.approx(1.0)
    assert east.area == pytest.approx(1.0)
    assert west.touches(east)
    assert west.bounds == (10.0, 20.0, 11.0, 21.0)
    assert nothing.is_empty


def test_not_a_topology() -> None:
    with pytest.raises(TopoJSONError):
        list(features({"type": "FeatureCollection"}))
