"""Which polities are coloured how, and which arrows and points are drawn, on which date."""

from __future__ import annotations

from datetime import date

from dashboard import colours
from dashboard.layers import (
    CONTEXT_OPACITY,
    JOINED_WEIGHT,
    LEFT_DASH,
    STATED_OPACITY,
    build_layers,
    organisation_colours,
    troop_weight,
)
from tests.dashboard.conftest import layer_input, rows

EUROPE = rows("poland", "hungary", "soviet-union", "france", approximate=("hungary",))


def by_id(layers):
    return {m.id: m for m in layers.polities}


def test_members_take_their_organisations_colour_only_while_members(mini_pack) -> None:
    pact = organisation_colours(mini_pack)["test-pact"]
    in_1970 = by_id(build_layers(layer_input(mini_pack, year=1970, polities=EUROPE)))
    in_1950 = by_id(build_layers(layer_input(mini_pack, year=1950, polities=EUROPE)))
    assert in_1970["poland"].style.fill == pact
    assert in_1970["soviet-union"].style.fill == pact
    assert in_1970["france"].style.fill == colours.neutral_fill("france")
    assert in_1950["poland"].style.fill == colours.neutral_fill("poland")
    assert in_1970["poland"].records == ("poland-in-test-pact",)


def test_context_membership_is_faded_and_stated_is_not(mini_pack) -> None:
    marks = by_id(build_layers(layer_input(mini_pack, year=1970, polities=EUROPE)))
    assert marks["hungary"].style.opacity == CONTEXT_OPACITY
    assert marks["poland"].style.opacity == STATED_OPACITY
    assert "context" in marks["hungary"].tooltip


def test_joining_and_leaving_within_the_year_are_outlined(mini_pack) -> None:
    joined = by_id(build_layers(layer_input(mini_pack, year=1955, polities=EUROPE)))["poland"]
    left = by_id(build_layers(layer_input(mini_pack, year=1991, polities=EUROPE)))["poland"]
    steady = by_id(build_layers(layer_input(mini_pack, year=1970, polities=EUROPE)))["poland"]
    assert joined.style.weight == JOINED_WEIGHT
    assert joined.style.dash != LEFT_DASH
    assert "began this period" in joined.tooltip
    assert left.style.dash == LEFT_DASH
    assert "ended this period" in left.tooltip
    assert steady.style.weight < JOINED_WEIGHT


def test_exact_day_after_dissolution_shows_no_membership(mini_pack) -> None:
    marks = by_id(build_layers(layer_input(mini_pack, day=date(1991, 7, 1), polities=EUROPE)))
    assert marks["poland"].style.fill == colours.neutral_fill("poland")
    marks = by_id(build_layers(layer_input(mini_pack, day=date(1991, 6, 30), polities=EUROPE)))
    assert marks["poland"].style.fill == organisation_colours(mini_pack)["test-pact"]


def test_switching_the_alliances_layer_off_removes_the_colour(mini_pack) -> None:
    layers = frozenset({"political"})
    marks = by_id(build_layers(layer_input(mini_pack, year=1970, polities=EUROPE, layers=layers)))
    assert marks["poland"].style.fill == colours.neutral_fill("poland")
    assert marks["poland"].records == ()


def test_approximate_shapes_are_dashed_and_say_so(mini_pack) -> None:
    marks = by_id(build_layers(layer_input(mini_pack, year=1950, polities=EUROPE)))
    assert marks["hungary"].style.dash
    assert "approximate" in marks["hungary"].tooltip
    assert marks["france"].style.dash is None
    assert "approximate" not in marks["france"].tooltip


def test_deployment_arrow_goes_from_subject_to_object_with_troop_width(mini_pack) -> None:
    arrows = build_layers(layer_input(mini_pack, year=1956, polities=EUROPE)).arrows
    assert [a.record_id for a in arrows] == ["soviet-troops-hungary"]
    arrow = arrows[0]
    assert arrow.start == (55.75, 37.62)
    assert arrow.end == (47.5, 19.04)
    assert arrow.weight == troop_weight(31000) > troop_weight(1000) > troop_weight(None)
    assert "31,000" in arrow.tooltip
    assert build_layers(layer_input(mini_pack, year=1958, polities=EUROPE)).arrows == ()


def test_partition_colours_the_partitioning_power(mini_pack) -> None:
    marks = by_id(build_layers(layer_input(mini_pack, year=1780, polities=rows("prussia"))))
    assert marks["prussia"].style.fill in colours.TOL_MUTED
    assert marks["prussia"].records == ("prussia-partition",)


def test_event_points_are_escaped(mini_pack) -> None:
    points = build_layers(layer_input(mini_pack, year=1956, polities=EUROPE)).points
    event = next(p for p in points if p.record_id == "hungarian-rising")
    assert (event.lat, event.lon) == (47.5, 19.04)
    assert "<script>" not in event.tooltip
    assert "&lt;script&gt;" in event.tooltip
    seat = next(p for p in points if p.record_id == "test-pact")
    assert "&lt;b&gt;alliance&lt;/b&gt;" in seat.tooltip


def test_alliances_win_over_other_organisations_and_focus_wins_over_both(mini_pack) -> None:
    from dataclasses import replace

    from events.model import Organisation, Relationship

    bureau = Organisation.model_validate(
        {
            **mini_pack.organisations[0].model_dump(mode="json"),
            "id": "a-bureau",
            "kind": "bureau",
            "start": "1947",
        }
    )
    joined = Relationship.model_validate(
        {
            **mini_pack.relationships[1].model_dump(mode="json"),
            "id": "poland-in-bureau",
            "object": "a-bureau",
            "start": "1947",
        }
    )
    pack = replace(
        mini_pack,
        organisations=(bureau, *mini_pack.organisations),
        relationships=(joined, *mini_pack.relationships),
    )
    org_colours = organisation_colours(pack)
    marks = by_id(build_layers(layer_input(pack, year=1970, polities=EUROPE)))
    assert marks["poland"].style.fill == org_colours["test-pact"]
    focused = replace(layer_input(pack, year=1970, polities=EUROPE), focus="a-bureau")
    assert by_id(build_layers(focused))["poland"].style.fill == org_colours["a-bureau"]
