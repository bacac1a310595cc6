"""Which polities are coloured how, and which arrows and points are drawn, on which date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dashboard.map import colours
from dashboard.map.layers import TOOLTIP_RECORDS, build_layers, troop_weight
from dashboard.map.markers import AGGREGATE_ABOVE, LISTED, MAX_RADIUS, radius_for
from dashboard.map.styles import (
    CONTEXT_OPACITY,
    JOINED_WEIGHT,
    LEFT_DASH,
    STATED_OPACITY,
    PolityRow,
    organisation_colours,
)
from events.model import Event, Organisation, Relationship
from geodata.polities import load_gazetteer
from tests.dashboard.conftest import ALL_LAYERS, POINTS, layer_input, rows

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


# Colonies: hatched in their owner's colour while colonies (the real gazetteer's dates).


def gazetteer_rows(day: date) -> tuple[PolityRow, ...]:
    return tuple(PolityRow(s.id, s.name, s.status, s.owner) for s in load_gazetteer().on(day))


def marks_on(mini_pack, day: date, layers=ALL_LAYERS):
    inp = layer_input(mini_pack, day=day, polities=gazetteer_rows(day), layers=layers)
    return build_layers(inp)


def test_angola_is_hatched_in_portugals_colour_until_independence(mini_pack) -> None:
    portugal = colours.owner_hatch("portugal")
    for day, hatched in (
        (date(1960, 7, 1), True),
        (date(1975, 11, 10), True),  # the last day of Portuguese rule
        (date(1975, 11, 11), False),  # independence
        (date(1980, 7, 1), False),
    ):
        layers = marks_on(mini_pack, day)
        angola = by_id(layers)["angola"]
        assert (angola.style.hatch == portugal) is hatched, day
        assert angola.style.hatch in (portugal, None)
        assert ("colony of Portugal" in angola.tooltip) is hatched
    layers = marks_on(mini_pack, date(1960, 7, 1))
    angola = by_id(layers)["angola"].style
    assert angola.fill == colours.neutral_fill("portugal"), "over the owner's neutral fill"
    assert angola.as_leaflet()["hatch"] == portugal
    assert layers.hatches["portugal"] == portugal
    assert by_id(layers)["portugal"].style.hatch is None, "the owner itself is plain"


def test_each_owner_hatches_its_own_colonies_and_dependencies_stay_tinted(mini_pack) -> None:
    layers = marks_on(mini_pack, date(1960, 7, 1))
    rows = {r.id: r for r in gazetteer_rows(date(1960, 7, 1))}
    hatched = {m.id: m.style.hatch for m in layers.polities if m.style.hatch}
    assert len(hatched) > 40
    for pid, hatch in hatched.items():
        assert rows[pid].status in {"colony", "protectorate", "mandate"}
        assert hatch == colours.owner_hatch(rows[pid].owner or "")
    kenya, namibia = hatched["kenya"], hatched["namibia"]
    assert kenya == colours.owner_hatch("united-kingdom") != namibia
    assert namibia == colours.owner_hatch("south-africa")
    tinted = [r.id for r in rows.values() if r.status == "dependency"]
    assert tinted
    assert not {pid for pid in tinted if pid in hatched}
    assert set(layers.hatches) == {rows[pid].owner for pid in hatched}


def test_neighbouring_empires_hatch_in_different_colours() -> None:
    big = ["united-kingdom", "france", "portugal", "spain", "netherlands", "belgium"]
    big += ["germany", "italy", "united-states", "japan"]
    assert len({colours.owner_hatch(o) for o in big}) == len(big)
    assert colours.owner_hatch("some-new-owner") in colours.OTHER_HATCH
    assert colours.owner_hatch("some-new-owner") == colours.owner_hatch("some-new-owner")


def test_membership_and_partition_fills_win_over_a_colonys_hatch(mini_pack) -> None:
    colony = (PolityRow("poland", "Poland", "colony", "france"),)
    member = by_id(build_layers(layer_input(mini_pack, year=1970, polities=colony)))["poland"]
    assert member.style.fill == organisation_colours(mini_pack)["test-pact"]
    assert member.style.hatch is None
    assert "hatch" not in member.style.as_leaflet()
    before = by_id(build_layers(layer_input(mini_pack, year=1950, polities=colony)))["poland"]
    assert before.style.hatch == colours.owner_hatch("france")
    ruled = (PolityRow("prussia", "Prussia", "protectorate", "france"),)
    marks = build_layers(layer_input(mini_pack, year=1780, polities=ruled))
    assert by_id(marks)["prussia"].style.fill in colours.TOL_MUTED
    assert by_id(marks)["prussia"].style.hatch is None
    assert marks.hatches == {}


def test_no_hatch_without_the_political_layer(mini_pack) -> None:
    layers = marks_on(mini_pack, date(1960, 7, 1), layers=frozenset({"events"}))
    assert by_id(layers)["angola"].style.hatch is None
    assert layers.hatches == {}


# Many events: aggregated into one marker per place (or area) above AGGREGATE_ABOVE.


def with_events(pack, places: list[dict], title: str = "Strike {i}"):
    """The pack with one 1956 event per place given (ids ev-0, ev-1, ...)."""
    base = pack.events[0].model_dump(mode="json")
    events = tuple(
        Event.model_validate(
            {**base, "id": f"ev-{i}", "title": title.format(i=i), "places": [place]}
        )
        for i, place in enumerate(places)
    )
    return replace(pack, events=events)


def event_marks(pack) -> list:
    points = build_layers(layer_input(pack, year=1956, polities=EUROPE)).points
    return [p for p in points if p.record_id != "test-pact"]  # the seat is not an event


def test_up_to_the_threshold_every_event_has_its_own_marker(mini_pack) -> None:
    pack = with_events(mini_pack, [{"polity": "poland"}] * AGGREGATE_ABOVE)
    marks = event_marks(pack)
    assert len(marks) == AGGREGATE_ABOVE
    assert {p.count for p in marks} == {1}
    assert [p.click_id for p in marks] == [f"ev-{i}" for i in range(AGGREGATE_ABOVE)]
    assert {p.radius for p in marks} == {6.0}


def test_above_the_threshold_events_at_one_polity_become_one_marker(mini_pack) -> None:
    n = AGGREGATE_ABOVE + 1
    places = [{"polity": "poland"}] * (n - 1) + [{"polity": "hungary"}]
    marks = event_marks(with_events(mini_pack, places))
    assert len(marks) == 2
    poland, hungary = marks
    assert poland.count == n - 1
    assert poland.records == tuple(f"ev-{i}" for i in range(n - 1))
    assert poland.record_id == "ev-0"
    assert poland.click_id == "poland", "a click opens Poland's dossier with its events"
    assert "click: the dossier of Poland" in poland.tooltip
    assert (poland.lat, poland.lon) == POINTS["poland"]
    assert 6.0 < poland.radius <= MAX_RADIUS
    assert poland.tooltip.startswith(f"<b>{n - 1} events in Poland in 1956</b>")
    assert f"… and {n - 1 - LISTED} more" in poland.tooltip
    assert poland.tooltip.count("Strike ") == LISTED
    assert hungary.count == 1
    assert hungary.click_id == "ev-60", "a lone event stays an ordinary marker"


def test_markers_grow_with_their_count() -> None:
    assert 6.0 < radius_for(2) < radius_for(8) < radius_for(32) <= MAX_RADIUS
    assert radius_for(10_000) == MAX_RADIUS


def test_scattered_events_are_aggregated_by_area_down_to_the_threshold(mini_pack) -> None:
    places = [{"lat": -50 + (i % 25) * 4.0, "lon": -160 + (i // 25) * 8.0} for i in range(500)]
    marks = event_marks(with_events(mini_pack, places))
    assert len(marks) <= AGGREGATE_ABOVE
    assert sum(p.count for p in marks) == 500
    assert len({e for p in marks for e in (p.records or (p.record_id,))}) == 500
    grouped = [p for p in marks if p.count > 1]
    assert grouped
    assert all("events in the area around" in p.tooltip for p in grouped)
    assert all(p.click_id.startswith("ev-") for p in grouped), "no polity: its first event"


def test_aggregated_tooltips_escape_hostile_titles_and_labels(mini_pack) -> None:
    hostile = '<img src=x onerror="alert(1)">{i}</script>'
    place = {"lat": 10.0, "lon": 10.0, "label": "<svg onload=alert(2)>"}
    marks = event_marks(with_events(mini_pack, [place] * 70, title=hostile))
    assert len(marks) == 1
    tip = marks[0].tooltip
    assert "<img" not in tip
    assert "<svg" not in tip
    assert "</script" not in tip
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;0&lt;/script&gt;" in tip
    assert "70 events in &lt;svg onload=alert(2)&gt; in 1956" in tip


def test_an_exact_day_says_on_that_day(mini_pack) -> None:
    pack = with_events(mini_pack, [{"polity": "hungary"}] * 61)
    inp = layer_input(pack, day=date(1956, 10, 24), polities=EUROPE)
    (group,) = [p for p in build_layers(inp).points if p.count > 1]
    assert "61 events in Hungary on 24 October 1956" in group.tooltip


def test_many_organisation_seats_at_one_place_become_one_grey_marker(mini_pack) -> None:
    base = mini_pack.organisations[0].model_dump(mode="json")
    orgs = tuple(
        Organisation.model_validate({**base, "id": f"org-{i}", "name": f"Bureau <{i}>"})
        for i in range(AGGREGATE_ABOVE + 1)
    )
    pack = replace(mini_pack, organisations=orgs, relationships=())
    points = build_layers(layer_input(pack, year=1970, polities=EUROPE)).points
    (seats,) = [p for p in points if p.record_id.startswith("org-")]
    assert seats.count == AGGREGATE_ABOVE + 1
    assert seats.colour not in organisation_colours(pack).values()
    assert seats.tooltip.startswith(f"<b>{AGGREGATE_ABOVE + 1} organisation seats in ")
    assert "Bureau &lt;0&gt;" in seats.tooltip
    few = build_layers(layer_input(mini_pack, year=1970, polities=EUROPE)).points
    (seat,) = [p for p in few if p.record_id == "test-pact"]
    assert seat.count == 1
    assert seat.colour == organisation_colours(mini_pack)["test-pact"]


def test_a_polity_tooltip_names_a_few_records_and_counts_the_rest(mini_pack) -> None:
    base = mini_pack.relationships[1].model_dump(mode="json")
    assert base["kind"] == "member_of"
    many = tuple(
        Relationship.model_validate({**base, "id": f"poland-in-{i}"})
        for i in range(TOOLTIP_RECORDS + 4)
    )
    pack = replace(mini_pack, relationships=many)
    poland = by_id(build_layers(layer_input(pack, year=1970, polities=EUROPE)))["poland"]
    assert len(poland.records) == TOOLTIP_RECORDS + 4, "the dossier still gets every record"
    assert poland.tooltip.count("<br>") == 1 + TOOLTIP_RECORDS + 1
    assert poland.tooltip.endswith("… and 4 more (click for the dossier)")
    few = by_id(build_layers(layer_input(mini_pack, year=1970, polities=EUROPE)))["poland"]
    assert "more (click" not in few.tooltip


@pytest.mark.parametrize("year", [1800, 1885, 1900, 1914, 1938, 1960])
def test_every_ruler_on_a_map_has_its_own_hatch_colour(mini_pack, year: int) -> None:
    layers = marks_on(mini_pack, date(year, 7, 1))
    colours_used = list(layers.hatches.values())
    assert len(colours_used) == len(set(colours_used)), layers.hatches
    assert len(layers.hatches) >= 3  # several colonial rulers on each of these maps


def test_denmark_and_the_netherlands_no_longer_share_a_pink() -> None:
    assert colours.owner_hatch("denmark") != colours.owner_hatch("netherlands")
    # Two rulers the fixed table does not know, hashed to the same colour, are told apart.
    owners = [f"pack-ruler-{n}" for n in range(12)]
    assigned = colours.distinct_hatches(owners)
    assert len(set(assigned.values())) == len(owners)
    assert colours.distinct_hatches(["france", "pack-ruler-1"])["france"] == "#0077BB"
