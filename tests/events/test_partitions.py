"""Partitions as land: which power held which share of the Polish-Lithuanian Commonwealth,
and since when (events.partitions), on the built-in pack and gazetteer.

Dates: the partition treaties of 5 August 1772, 23 January 1793 and 24 October 1795; the
Treaties of Tilsit (Duchy of Warsaw, 22 July 1807); the Congress of Vienna's Final Act
(9 June 1815: Congress Poland to Russia, the Grand Duchy of Posen to Prussia, the Free City
of Krakow); Austria's annexation of Krakow (16 November 1846).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from shapely.geometry import Point

from events.pack import load_pack
from events.partitions import builtin_land, lost_lands, shares
from tests.dashboard.cli.test_data_cli import histatlas

COUNTRY = "polish-lithuanian-commonwealth"
CITIES = {
    "Warsaw": Point(21.01, 52.23),
    "Krakow": Point(19.94, 50.06),
    "Poznan": Point(16.93, 52.41),
}


@pytest.fixture(scope="module")
def pack():
    return load_pack(None)


def holders(pack, day: date) -> dict[str, tuple[str, str] | None]:
    """Each city's (holder, since) on ``day``, or None when in no power's share."""
    found = shares(pack, day, builtin_land(None))
    where: dict[str, tuple[str, str] | None] = {}
    for city, point in CITIES.items():
        inside = [(s.holder, s.since.isoformat()) for s in found if s.geometry.contains(point)]
        assert len(inside) <= 1, f"{city} is in two shares: {inside}"
        where[city] = inside[0] if inside else None
    return where


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Before the third partition: Warsaw and Krakow still in the Commonwealth's rump.
        (
            date(1795, 7, 1),
            {"Warsaw": None, "Krakow": None, "Poznan": ("prussia", "1793-01-23")},
        ),
        (
            date(1796, 7, 1),
            {
                "Warsaw": ("prussia", "1795-10-24"),
                "Krakow": ("habsburg-monarchy", "1795-10-24"),
                "Poznan": ("prussia", "1793-01-23"),
            },
        ),
        # Congress Poland (a Russian dependency) counts for Russia; Krakow a free city.
        (
            date(1815, 7, 1),
            {
                "Warsaw": ("russian-empire", "1815-06-09"),
                "Krakow": None,
                "Poznan": ("prussia", "1815-06-09"),
            },
        ),
        # The German Empire keeps what Prussia held since 1815; Krakow Austrian since 1846.
        (
            date(1880, 7, 1),
            {
                "Warsaw": ("russian-empire", "1815-06-09"),
                "Krakow": ("austria-hungary", "1846-11-16"),
                "Poznan": ("germany", "1815-06-09"),
            },
        ),
    ],
)
def test_warsaw_krakow_and_poznan_in_the_right_share(pack, day, expected) -> None:
    assert holders(pack, day) == expected


def test_shares_do_not_overlap_and_stay_inside_the_lost_land(pack) -> None:
    day = date(1880, 7, 1)
    found = shares(pack, day, builtin_land(None))
    (lost,) = lost_lands(pack, day, builtin_land(None))
    assert (lost.country, lost.first) == (COUNTRY, date(1772, 8, 5))
    for i, a in enumerate(found):
        assert a.geometry.difference(lost.geometry).area < 0.05
        for b in found[i + 1 :]:
            assert a.geometry.intersection(b.geometry).area < 0.01, (a.holder, b.holder)
    held = sum(s.geometry.area for s in found)
    assert 0.9 * lost.geometry.area < held <= lost.geometry.area * 1.01  # all of it was held


def test_a_holder_line_keeps_its_first_holder(pack) -> None:
    found = shares(pack, date(1880, 7, 1), builtin_land(None))
    lines = {s.holder: s.line for s in found}
    assert lines == {
        "germany": "prussia",
        "austria-hungary": "habsburg-monarchy",
        "russian-empire": "russian-empire",
    }


def test_pieces_are_dated_one_per_holder_and_day(pack) -> None:
    found = shares(pack, date(1796, 7, 1), builtin_land(None))
    keys = [(s.holder, s.since) for s in found]
    assert len(keys) == len(set(keys))
    prussia = sorted(s.since.isoformat() for s in found if s.holder == "prussia")
    assert prussia == ["1772-08-05", "1793-01-23", "1795-10-24"]


def test_no_shares_when_no_partition_holds(pack) -> None:
    assert shares(pack, date(1930, 7, 1), builtin_land(None)) == []
    assert shares(pack, date(1771, 7, 1), builtin_land(None)) == []


def test_slice_geojson_has_the_shares_as_features() -> None:
    done = histatlas("slice", "--date", "1880-07-01", "--format", "geojson")
    assert done.returncode == 0, done.stderr
    features = json.loads(done.stdout)["features"]
    pieces = [f for f in features if f["properties"]["kind"] == "partition-share"]
    assert pieces, "no partition-share features"
    for feature in pieces:
        props = feature["properties"]
        assert {"kind", "holder", "of", "since"} <= set(props)
        assert props["of"] == COUNTRY
        assert date.fromisoformat(props["since"]) >= date(1772, 8, 5)
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert {f["properties"]["holder"] for f in pieces} == {
        "germany",
        "austria-hungary",
        "russian-empire",
    }
    pairs = [(f["properties"]["holder"], f["properties"]["since"]) for f in pieces]
    assert len(pairs) == len(set(pairs))  # one feature per holder and date taken
    assert ("austria-hungary", "1846-11-16") in pairs
