"""The legend: a hatched swatch per owner whose colonies are drawn, aggregated markers, escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dashboard.map import colours
from dashboard.map.layers import build_layers
from dashboard.map.legend import hatch_lines, legend_entries, legend_html
from dashboard.map.markers import GROUP_COLOUR
from dashboard.map.styles import PolityRow
from events.model import Event, Organisation
from geodata.polities import load_gazetteer
from tests.dashboard.conftest import ALL_LAYERS, layer_input, rows


def gazetteer_rows(day: date) -> tuple[PolityRow, ...]:
    return tuple(PolityRow(s.id, s.name, s.status, s.owner) for s in load_gazetteer().on(day))


def entries_on(pack, day: date, layers=ALL_LAYERS, name_of=None):
    inp = layer_input(pack, day=day, polities=gazetteer_rows(day), layers=layers)
    built = build_layers(inp)
    return built, legend_entries(built, pack, layers, name_of or owner_names)


def hatched(entries) -> dict[str, str]:
    return {e.label: e.colour for e in entries if e.symbol == "hatch"}


def test_one_hatched_swatch_per_owner_drawn_on_that_date(mini_pack) -> None:
    built, entries = entries_on(mini_pack, date(1960, 7, 1), name_of=owner_names)
    swatches = hatched(entries)
    assert swatches["colony, protectorate or mandate of Portugal"] == colours.owner_hatch(
        "portugal"
    )
    assert swatches["colony, protectorate or mandate of Belgium"] == colours.owner_hatch("belgium")
    assert len(swatches) == len(built.hatches)
    labels = [e.label for e in entries if e.symbol == "hatch"]
    assert labels == sorted(labels), "owners in name order"
    backgrounds = {e.label: e.background for e in entries if e.symbol == "hatch"}
    assert backgrounds["colony, protectorate or mandate of Portugal"] == colours.neutral_fill(
        "portugal"
    )


def test_owners_leave_the_legend_when_their_colonies_do(mini_pack) -> None:
    in_1960 = hatched(entries_on(mini_pack, date(1960, 7, 1), name_of=owner_names)[1])
    in_1980 = hatched(entries_on(mini_pack, date(1980, 7, 1), name_of=owner_names)[1])
    assert "colony, protectorate or mandate of Belgium" in in_1960
    assert "colony, protectorate or mandate of Belgium" not in in_1980  # Congo 1960, Rwanda 1962
    assert "colony, protectorate or mandate of France" in in_1960
    assert len(in_1980) < len(in_1960)


def test_no_hatched_swatch_without_the_political_layer(mini_pack) -> None:
    _, entries = entries_on(mini_pack, date(1960, 7, 1), layers=frozenset({"events"}))
    assert hatched(entries) == {}


def test_hatched_swatch_html_draws_lines_in_the_owners_colour_and_escapes_names(
    mini_pack,
) -> None:
    colony = (PolityRow("poland", "Poland", "colony", "portugal"),)
    built = build_layers(layer_input(mini_pack, year=1950, polities=colony))
    html = legend_html(
        legend_entries(built, mini_pack, ALL_LAYERS, lambda _pid: "<img src=x onerror=alert(1)>")
    )
    assert "<img" not in html
    assert "of &lt;img src=x onerror=alert(1)&gt;" in html
    swatch = re.search(r"<svg[^>]*>(.*?)</svg> colony, protectorate", html)
    assert swatch
    assert f'stroke="{colours.owner_hatch("portugal")}"' in swatch.group(1)
    assert f'fill="{colours.neutral_fill("portugal")}"' in swatch.group(1)
    assert "<pattern" not in html, "no ids: the legend can be on a page twice"


def test_hatch_lines_stay_inside_the_swatch() -> None:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", hatch_lines())]
    xs, ys = numbers[0::2], numbers[1::2]
    assert len(xs) >= 8
    assert min(xs) >= 1
    assert max(xs) <= 17
    assert min(ys) >= 2
    assert max(ys) <= 12
    for x1, y1, x2, y2 in zip(xs[0::2], ys[0::2], xs[1::2], ys[1::2], strict=True):
        assert x2 - x1 == y1 - y2 > 0, "45-degree lines, like the map's hatch"


def test_aggregated_markers_have_a_legend_entry_only_when_drawn(mini_pack) -> None:
    europe = rows("poland", "hungary")
    few = build_layers(layer_input(mini_pack, year=1956, polities=europe))
    base = mini_pack.events[0].model_dump(mode="json")
    events = tuple(
        Event.model_validate({**base, "id": f"ev-{i}", "places": [{"polity": "poland"}]})
        for i in range(61)
    )
    pack = replace(mini_pack, events=events)
    many = build_layers(layer_input(pack, year=1956, polities=europe))

    def dots(layers, pack_) -> list[str]:
        found = legend_entries(layers, pack_, ALL_LAYERS, str.title)
        return [e.label for e in found if e.symbol == "dots"]

    assert dots(few, mini_pack) == []
    assert dots(many, pack) == ["several events at one place or area (size: how many)"]
    assert 'r="6.5"' in legend_html(legend_entries(many, pack, ALL_LAYERS, str.title))


def owner_names(polity_id: str) -> str:
    return load_gazetteer().get(polity_id).name


def test_aggregated_seats_have_their_own_legend_entry(mini_pack) -> None:
    base = mini_pack.organisations[0].model_dump(mode="json")
    orgs = tuple(
        Organisation.model_validate({**base, "id": f"org-{i}", "name": f"Bureau {i}"})
        for i in range(61)
    )
    pack = replace(mini_pack, organisations=orgs, relationships=())
    built = build_layers(layer_input(pack, year=1970, polities=rows("poland")))
    found = {e.label: e for e in legend_entries(built, pack, ALL_LAYERS, str.title)}
    seats = found["seats of several organisations at one place or area (size: how many)"]
    assert seats.layer == "alliances"
    assert seats.colour == GROUP_COLOUR["organisation seats"]
    assert "several events at one place or area (size: how many)" not in found
