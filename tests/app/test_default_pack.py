"""The three questions of issue 5 answered on the default pack's map, as the app sends it."""

from __future__ import annotations

import json

from shapely.geometry import Point, shape

from dashboard.map import colours
from dashboard.map.shapes import SHAPES, generated_dir
from dashboard.map.styles import organisation_colours
from events.pack import load_pack
from tests.app.helpers import drawn_polities, run_app, view_spec

WARSAW_PACT_1970 = {
    "soviet-union",
    "poland",
    "czechoslovakia",
    "hungary",
    "romania",
    "bulgaria",
    "east-germany",
}
KRAKOW = Point(19.94, 50.06)  # lon, lat


def test_warsaw_pact_members_are_coloured_in_1970_and_not_in_1950() -> None:
    pact = organisation_colours(load_pack())["warsaw-pact"]
    at = run_app({"year": "1970", "region": "world"})
    in_1970 = {pid for pid, style in drawn_polities(at).items() if style["fillColor"] == pact}
    assert in_1970 == WARSAW_PACT_1970
    assert "Warsaw" in drawn_polities(at)["poland"]["tooltip"]
    at = run_app({"year": "1950", "region": "world"})
    assert not {pid for pid, s in drawn_polities(at).items() if s["fillColor"] == pact}


def test_krakow_lies_in_austria_hungary_in_1880() -> None:
    at = run_app({"year": "1880", "region": "europe"})
    spec = view_spec(at)
    keys = {p[1]: p[0] for p in spec["polities"]}
    assert "free-city-of-krakow" not in keys
    shape_dir = generated_dir() / SHAPES
    holder = [
        pid
        for pid, key in keys.items()
        if shape(json.loads((shape_dir / f"{key}.json").read_text())).contains(KRAKOW)
    ]
    assert holder == ["austria-hungary"]
    assert "Austria-Hungary" in drawn_polities(at)["austria-hungary"]["tooltip"]


def test_cuban_troops_go_to_angola_and_ethiopia_in_1985() -> None:
    at = run_app({"year": "1985", "region": "world"})
    arrows = {a[0]: a for a in view_spec(at)["arrows"]}
    for record, (south, west, north, east) in (
        ("cuba-in-angola", (-18.1, 11.6, -4.3, 24.1)),
        ("cuba-in-ethiopia", (3.4, 32.9, 14.9, 48.0)),
    ):
        (lat0, lon0), (lat1, lon1) = arrows[record][1]
        assert 19.8 < lat0 < 23.3
        assert -85.0 < lon0 < -74.1
        assert south < lat1 < north
        assert west < lon1 < east
        assert "troops" in arrows[record][6]


def test_all_three_partitions_show_as_land_in_their_holders_colours_in_1880() -> None:
    """Each power's share of the Commonwealth in its own colour (not the whole power), the
    pieces dated, the lost country dashed; with the political map alone, none of it."""
    at = run_app({"year": "1880", "region": "europe"})
    spec = view_spec(at)
    shares = [a for a in spec["areas"] if spec["styles"][a[2]].get("fill", True)]
    fills = {a[1]: spec["styles"][a[2]]["fillColor"] for a in shares}
    assert set(fills) == {
        "germany-holds-partition",
        "austria-hungary-holds-partition",
        "russia-holds-partition-1815",
    }
    assert set(fills.values()) <= set(colours.PARTITION)
    assert len(set(fills.values())) == 3
    drawn = drawn_polities(at)
    assert drawn["germany"]["fillColor"] not in colours.PARTITION  # not painted whole
    outlines = [a for a in spec["areas"] if spec["styles"][a[2]].get("fill") is False]
    assert [a[1] for a in outlines] == ["polish-lithuanian-commonwealth"]
    at = run_app({"year": "1880", "region": "europe", "layers": "political"})
    assert view_spec(at)["areas"] == []
    assert drawn_polities(at)["congress-poland"]["fillColor"] not in colours.PARTITION
