"""Deployment and backing arrows: drawn one by one while few, merged into flows when many."""

from __future__ import annotations

import random

from dashboard.map import colours
from dashboard.map.flows import AGGREGATE_ABOVE, MAX_FLOWS, Leg, flow_weight, flows
from dashboard.map.layers import MapLayers
from dashboard.map.legend import legend_entries, legend_html
from events.pack import load_pack


def leg(
    n: int, start=(10.0, 10.0), end=(40.0, 60.0), what="backing", title=None, target="angola"
) -> Leg:
    colour = colours.DEPLOYMENT if what == "deployments" else colours.BACKING
    return Leg(
        f"rel-{n}",
        start,
        end,
        colour,
        2.0,
        n % 2 == 0,
        f"tip {n}",
        title or f"title {n}",
        what,
        target,
        target.title() + " <b>",
    )


def test_few_arrows_are_drawn_one_per_relationship_in_order() -> None:
    legs = [leg(n, end=(40.0, 60.0 + n)) for n in range(5)]
    drawn = flows(legs, "in 1952")
    assert [a.record_id for a in drawn.drawn] == [f"rel-{n}" for n in range(5)]
    assert [a.tooltip for a in drawn.drawn] == [f"tip {n}" for n in range(5)]
    assert drawn.relationships == 5
    assert drawn.not_drawn == 0


def test_many_between_the_same_places_are_one_flow_with_its_count() -> None:
    legs = [leg(n, title="<img src=x onerror=alert(1)>" if n == 0 else None) for n in range(70)]
    drawn = flows(legs, "in 1952")
    assert len(drawn.drawn) == 1
    flow = drawn.drawn[0]
    assert flow.records == tuple(f"rel-{n}" for n in range(70))
    assert flow.start == (10.0, 10.0)
    assert flow.end == (40.0, 60.0)
    assert flow.weight == flow_weight(70) > flow_weight(2)
    assert "<b>70 backings in 1952</b>" in flow.tooltip
    assert "&lt;img src=x" in flow.tooltip
    assert "<img" not in flow.tooltip
    assert "… and 67 more" in flow.tooltip
    assert not flow.dashed  # half of them are stated
    assert flow.click_id == "angola"  # a click opens the dossier of the polity they point at
    assert "click: the dossier of Angola &lt;b&gt;" in flow.tooltip


def test_a_single_arrow_clicks_through_to_its_record_and_a_flow_to_its_main_target() -> None:
    assert flows([leg(1)], "in 1952").drawn[0].click_id == "rel-1"
    legs = [leg(n, target="cuba" if n < 40 else "angola") for n in range(70)]
    assert flows(legs, "in 1952").drawn[0].click_id == "cuba"


def test_deployments_and_backing_stay_apart_and_backing_is_drawn_first() -> None:
    legs = [leg(n, what="deployments" if n < 35 else "backing") for n in range(70)]
    drawn = flows(legs, "in 1952").drawn
    assert [len(a.records) for a in drawn] == [35, 35]
    assert drawn[0].colour == colours.BACKING
    assert drawn[1].colour == colours.DEPLOYMENT


def test_thousands_across_the_world_become_few_flows_and_say_what_is_left_out() -> None:
    rnd = random.Random(7)

    def place() -> tuple[float, float]:
        return (round(rnd.uniform(-50, 70), 3), round(rnd.uniform(-170, 170), 3))

    legs = [leg(n, start=place(), end=place()) for n in range(3000)]
    drawn = flows(legs, "in 1952")
    assert 0 < len(drawn.drawn) <= MAX_FLOWS
    ids = [r for a in drawn.drawn for r in a.records]
    assert len(ids) == len(set(ids))  # no relationship in two flows
    assert len(ids) + drawn.not_drawn == drawn.relationships == 3000
    sizes = [len(a.records) for a in drawn.drawn]
    assert min(sizes) >= 1


def test_the_legend_counts_flows_and_what_is_not_drawn() -> None:
    legs = [leg(n, start=(0.0, float(n)), end=(30.0, float(n))) for n in range(AGGREGATE_ABOVE + 5)]
    drawn = flows(legs, "in 1952")
    layers = MapLayers(
        polities=(),
        arrows=drawn.drawn,
        arrow_records=drawn.relationships,
        arrows_not_drawn=7,
    )
    html = legend_html(legend_entries(layers, load_pack(), frozenset({"deployments"}), str))
    assert f"{AGGREGATE_ABOVE + 5:,} relationships drawn as {len(drawn.drawn)} flows" in html
    assert "7 in smaller flows not drawn" in html


def test_a_big_pack_legend_names_a_dozen_organisations_and_counts_the_rest(tmp_path) -> None:
    from datetime import date

    from bench.synthetic_pack import generate
    from dashboard.map.layers import LayerInput, build_layers
    from dashboard.map.legend import MAX_NAMED
    from dashboard.map.styles import PolityRow
    from events.model import Relationship
    from events.polityref import PolityIndex
    from events.timeslice import in_year
    from geodata.polities import load_gazetteer

    pack = load_pack(generate(4000, tmp_path / "pack"))
    day = date(1952, 7, 1)
    rows = tuple(PolityRow(s.id, s.name) for s in load_gazetteer().on(day))
    index = PolityIndex(pack.polities)
    everything = frozenset({"political", "alliances", "deployments"})
    inp = LayerInput(pack, in_year(pack, 1952), rows, everything, day, index.point, index.name)
    layers = build_layers(inp)
    entries = legend_entries(layers, pack, everything, index.name)
    members = [e for e in entries if e.label.startswith("member of ")]
    more = [e.label for e in entries if e.label.endswith("more organisations (hover a country)")]
    records = [pack.records_by_id[r] for m in layers.polities for r in m.records]
    coloured = {r.object for r in records if isinstance(r, Relationship) and r.kind == "member_of"}
    assert len(coloured) > MAX_NAMED
    assert len(members) == MAX_NAMED
    assert more == [f"… and {len(coloured) - MAX_NAMED:,} more organisations (hover a country)"]
