"""Names on the map (spots in every shape file, names in the spec), partitioned land drawn as
shares, the map in words, and framing reports (no Streamlit, no browser)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

from shapely.geometry import MultiPolygon, Point, box

from dashboard.map import colours
from dashboard.map.areas import partition_areas
from dashboard.map.layers import build_layers
from dashboard.map.legend import legend_entries
from dashboard.map.mapview import MapView, view_spec
from dashboard.map.shapes import rounded_geometry, shape_set
from dashboard.map.spots import spots
from dashboard.map.styles import PolityRow
from dashboard.map.words import map_words, plain
from events.pack import load_pack
from events.partitions import builtin_land, lost_lands, shares
from tests.dashboard.conftest import layer_input


def _lat_lon(spot: list[float]) -> Point:
    return Point(spot[1], spot[0])


def test_a_crescent_gets_its_name_inside_not_at_its_centroid() -> None:
    crescent = box(0, 0, 10, 10).difference(box(2, 2, 12, 8))
    assert not crescent.contains(crescent.centroid)
    (first, *_) = spots(rounded_geometry(crescent))
    assert crescent.contains(_lat_lon(first))


def test_an_archipelago_is_named_on_its_biggest_island() -> None:
    islands = MultiPolygon([box(0, 0, 1, 1), box(5, 0, 9, 4), box(20, 0, 21, 1)])
    (first, *_) = spots(rounded_geometry(islands))
    assert box(5, 0, 9, 4).contains(_lat_lon(first))


def test_a_long_shape_has_width_across_and_little_room_above() -> None:
    strip = box(10, 48, 22, 50)  # Czechoslovakia-like: wide, not tall
    (_lat, lon, room, across) = spots(rounded_geometry(strip))[0]
    assert 15 < lon < 17
    assert across > 4 * room
    assert math.isclose(across, math.radians(12), rel_tol=0.02)


def test_a_big_shape_has_a_spot_in_every_part_a_map_may_show() -> None:
    empire = box(20, 40, 180, 75)  # the Soviet Union's size
    found = spots(rounded_geometry(empire))
    assert len(found) > 10
    assert all(empire.contains(_lat_lon(s)) for s in found)
    assert any(s[1] < 45 and s[0] < 60 for s in found), "a spot in European Russia"


def test_shape_files_carry_their_spots_and_keys_stay_stable() -> None:
    a = shape_set([("p", box(10, 40, 20, 50))])
    b = shape_set([("p", box(10, 40, 20, 50))])
    assert a.keys == b.keys  # replicas write the same file names
    geometry = a.geometries[a.keys["p"]]
    assert box(10, 40, 20, 50).contains(_lat_lon(geometry["spots"][0]))


def test_the_spec_names_each_polity_by_its_name_of_the_day(mini_pack) -> None:
    polities = (
        PolityRow("angola", "People's Republic of Angola", short="Angola"),
        PolityRow("poland", "Poland", short="Poland"),
    )
    squares = shape_set([("angola", box(12, -18, 24, -5)), ("poland", box(14, 49, 24, 55))])
    inp = layer_input(mini_pack, year=1985, polities=polities)
    layers = build_layers(inp)
    entries = legend_entries(layers, mini_pack, inp.layers, lambda pid: pid)
    layers = replace(layers, words=map_words(layers, entries))
    spec = view_spec(layers, squares, MapView(title="1985", bounds=(-40, -20, 40, 60)))
    names = {p[1]: p[4:] for p in spec["polities"]}
    assert names["angola"] == ["People's Republic of Angola", "Angola"]  # short as fallback
    assert names["poland"] == ["Poland"]  # no fallback when the same
    assert spec["fit"] == [-40, -20, 40, 60]
    assert spec["summary"].startswith("2 states and territories drawn")
    assert "1985" not in spec["summary"]  # a year with the same map sends the same spec


def test_partitions_are_drawn_as_land_in_one_colour_per_holder_line() -> None:
    pack = load_pack(None)
    day = date(1880, 7, 1)
    land = builtin_land(0.05)
    found, lost = shares(pack, day, land), lost_lands(pack, day, land)
    records = {r.id: r for r in pack.relationships if r.kind == "partitioned"}
    areas = partition_areas(found, lost, records, lambda pid: pid.replace("-", " ").title())
    fills = {m.click_id: m.style.fill for m in areas.marks if m.style.filled}
    assert set(areas.holders) == {"germany", "austria-hungary", "russian-empire"}
    assert len(set(areas.holders.values())) == 3, "three holders, three colours"
    assert set(areas.holders.values()) <= set(colours.PARTITION)
    assert set(fills) == {
        "germany-holds-partition",
        "austria-hungary-holds-partition",
        "russia-holds-partition-1815",
    }
    outline = [m for m in areas.marks if not m.style.filled]
    assert len(outline) == 1
    assert outline[0].style.dash
    assert outline[0].label == "Polish Lithuanian Commonwealth"
    years = {m.short for m in areas.marks if m.style.filled}
    assert {"1772", "1815", "1846"} <= years  # each piece named by the year it was taken
    assert all(key in areas.geometries for key in (m.key for m in areas.marks))
    assert areas.records == {
        "germany-holds-partition",
        "austria-hungary-holds-partition",
        "russia-holds-partition-1815",
    }


def test_with_shares_the_holders_are_not_painted_whole() -> None:
    pack = load_pack(None)
    day = date(1880, 7, 1)
    land = builtin_land(0.05)
    rows = (PolityRow("germany", "German Empire"), PolityRow("russian-empire", "Russian Empire"))
    inp = layer_input(pack, day=day, polities=rows)
    painted = build_layers(inp)
    as_land = build_layers(replace(inp, shares=tuple(shares(pack, day, land)),
                                   lost=tuple(lost_lands(pack, day, land))))  # fmt: skip
    by_id = {m.id: m for m in painted.polities}
    assert "germany-holds-partition" in by_id["germany"].records
    assert not {m.id: m for m in as_land.polities}["germany"].records
    entries = legend_entries(as_land, pack, inp.layers, lambda pid: pid)
    labels = [e.label for e in entries]
    assert "partition share of germany" in labels
    assert any(label.startswith("land of ") for label in labels)
    words = map_words(as_land, entries)
    assert "pieces of partitioned land" in words
    assert "held since 16 November 1846" in words


def test_plain_turns_our_tooltips_into_text() -> None:
    assert plain("<b>A &amp; B</b><br>since 1793") == "A & B; since 1793"
    assert plain("&lt;script&gt;") == "<script>"  # text: the browser sets it as text
