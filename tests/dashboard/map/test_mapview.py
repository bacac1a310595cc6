"""The generated map: steady base map, a small per-view spec, safe script text, embed mode."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from shapely.geometry import Polygon

from dashboard.map import colours
from dashboard.map.layers import Arrow, build_layers
from dashboard.map.mapview import (
    MapView,
    arrow_head,
    build_map,
    build_map_parts,
    script_path,
    view_spec,
)
from dashboard.map.markers import AGGREGATE_ABOVE
from dashboard.map.shapes import shape_set
from dashboard.map.styles import PolityRow, organisation_colours
from events.model import Event
from tests.dashboard.conftest import layer_input, rows

EUROPE = rows("poland", "hungary", "soviet-union")


def shapes():
    squares = [Polygon([(x, 50), (x + 5, 50), (x + 5, 55), (x, 55)]) for x in (15, 20, 30)]
    return shape_set(zip([r.id for r in EUROPE], squares, strict=True))


def spec_of(script: str) -> dict:
    match = re.search(r"histatlas\.draw\([a-z_0-9]+, (\{.*\})(?:, [a-z_0-9]+)?\);", script)
    assert match, script[:300]
    return json.loads(match.group(1))


def test_spec_colours_members_by_date(mini_pack) -> None:
    pact = organisation_colours(mini_pack)["test-pact"]
    for year, coloured in ((1970, True), (1950, False)):
        layers = build_layers(layer_input(mini_pack, year=year, polities=EUROPE))
        spec = view_spec(layers, shapes(), MapView())
        fills = {p[1]: spec["styles"][p[2]]["fillColor"] for p in spec["polities"]}
        assert (fills["poland"] == pact) is coloured
        assert fills["poland"] != colours.LAND


def test_base_map_does_not_change_with_the_date_and_the_layer_is_small(mini_pack) -> None:
    renders = []
    for year in (1956, 1970):
        layers = build_layers(layer_input(mini_pack, year=year, polities=EUROPE))
        m, overlay = build_map_parts(MapView(), layers, shapes())
        renders.append((m.get_root().render(), overlay))
    assert renders[0][0] == renders[1][0], "fixed ids: the base map is byte-identical"
    assert renders[0][1].spec != renders[1][1].spec
    assert "inline" not in renders[0][1].spec, "the app sends shape keys, not shapes"
    assert renders[0][1].spec["shapeBase"].startswith("/app/static/generated/")


def test_embedded_map_carries_its_shapes_and_script_and_escapes_text(mini_pack) -> None:
    layers = build_layers(layer_input(mini_pack, year=1956, polities=EUROPE))
    html = (
        build_map(MapView(title="1956 <b>x</b>"), layers, shapes(), legend="<b>L</b>")
        .get_root()
        .render()
    )
    assert "histatlas.draw(" in html
    assert "H.need = function" in html
    assert "<script>alert(1)</script>" not in html
    spec = spec_of(html)
    assert set(spec["inline"]) == {p[0] for p in spec["polities"]}
    assert spec["title"] == "1956 <b>x</b>"
    assert "unpkg" not in html
    assert "cdn.jsdelivr" not in html
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_arrows_and_points_are_in_the_spec(mini_pack) -> None:
    layers = build_layers(layer_input(mini_pack, year=1956, polities=EUROPE))
    spec = view_spec(layers, shapes(), MapView())
    arrow = spec["arrows"][0]
    assert arrow[0] == "soviet-troops-hungary"
    assert arrow[1] == [[55.75, 37.62], [47.5, 19.04]]
    assert {p[0] for p in spec["points"]} == {"hungarian-rising", "test-pact"}


def test_arrow_head_points_at_the_target() -> None:
    arrow = Arrow("a", (0.0, 0.0), (0.0, 40.0), "#000000", 3.0, False, "")
    tip, left, right = arrow_head(arrow)
    assert tip == [0.0, 40.0]
    assert left[1] < 40.0
    assert right[1] < 40.0
    assert left[0] > 0 > right[0] or right[0] > 0 > left[0]


def test_colonies_carry_their_hatch_in_the_spec_and_others_do_not(mini_pack) -> None:
    colony = (PolityRow("poland", "Poland", "colony", "portugal"), *rows("hungary"))
    layers = build_layers(layer_input(mini_pack, year=1950, polities=colony))
    spec = view_spec(layers, shapes(), MapView())
    style = {p[1]: spec["styles"][p[2]] for p in spec["polities"]}
    assert style["poland"]["hatch"] == colours.owner_hatch("portugal")
    assert style["poland"]["fillColor"] == colours.neutral_fill("portugal"), "plain fallback"
    assert "hatch" not in style["hungary"]
    script = script_path().read_text(encoding="utf-8")
    assert "H.hatch = function" in script
    assert "base.hatch" in script


def test_aggregated_markers_send_their_count_and_the_polity_a_click_opens(mini_pack) -> None:
    base = mini_pack.events[0].model_dump(mode="json")
    events = tuple(
        Event.model_validate({**base, "id": f"ev-{i}", "places": [{"polity": "poland"}]})
        for i in range(AGGREGATE_ABOVE + 1)
    )
    few_layers = build_layers(layer_input(mini_pack, year=1956, polities=EUROPE))
    few = view_spec(few_layers, shapes(), MapView())
    many = build_layers(layer_input(replace(mini_pack, events=events), year=1956, polities=EUROPE))
    spec = view_spec(many, shapes(), MapView())
    (group,) = [p for p in spec["points"] if len(p) == 8]
    assert group[0] == "poland"
    assert group[7] == AGGREGATE_ABOVE + 1
    assert all(len(p) == 7 for p in few["points"]), "single markers: the spec as before"
    assert len(spec["points"]) == 2  # the group and the pact's seat
    assert len(json.dumps(spec["points"])) < 1_000
