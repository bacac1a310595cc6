"""The built-in gazetteer: loads strictly and defines every id the default pack relies on."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.gazetteer_io import load_files
from geodata.polities import CLIPS_DIR, GAZETTEER_DIR, load_gazetteer

# The European ids common.md promises (this helper's part of the shared contract).
EUROPEAN_IDS = [
    "polish-lithuanian-commonwealth",
    "duchy-of-warsaw",
    "congress-poland",
    "free-city-of-krakow",
    "poland",
    "prussia",
    "germany",
    "east-germany",
    "west-germany",
    "habsburg-monarchy",
    "austrian-empire",
    "austria-hungary",
    "austria",
    "hungary",
    "russian-empire",
    "soviet-russia",
    "soviet-union",
    "russia",
    "czechoslovakia",
    "bulgaria",
    "romania",
    "albania",
    "yugoslavia",
    "ottoman-empire",
    "turkey",
    "portugal",
    "spain",
    "united-kingdom",
    "france",
    "switzerland",
    "belgium",
    "netherlands",
    "italy",
    "lithuania",
    "latvia",
    "estonia",
    "finland",
]


def test_builtin_files_load_strictly() -> None:
    files = sorted(GAZETTEER_DIR.glob("*.yaml"))
    gazetteer = load_files(files, clips_dir=CLIPS_DIR, strict_owners=True)
    assert gazetteer.ids() == load_gazetteer().ids()


@pytest.mark.parametrize("polity_id", EUROPEAN_IDS)
def test_contract_ids_exist(polity_id: str) -> None:
    assert load_gazetteer().get(polity_id).periods


@pytest.mark.parametrize(
    ("polity_id", "first", "end"),
    [
        ("duchy-of-warsaw", date(1807, 7, 22), date(1815, 6, 9)),
        ("prussia", date(1772, 1, 1), date(1871, 1, 18)),
        ("habsburg-monarchy", date(1772, 1, 1), date(1804, 8, 11)),
        ("soviet-union", date(1922, 12, 30), date(1991, 12, 26)),
        ("soviet-russia", date(1917, 11, 7), date(1922, 12, 30)),
        ("free-city-of-krakow", date(1815, 5, 3), date(1846, 11, 16)),
    ],
)
def test_lifetimes(polity_id: str, first: date, end: date) -> None:
    polity = load_gazetteer().get(polity_id)
    assert polity.start == first
    assert polity.end == end


def test_poland_has_its_wartime_gap() -> None:
    poland = load_gazetteer().get("poland")
    assert poland.period_on(date(1942, 1, 1)) is None
    assert poland.period_on(date(1930, 1, 1)) is not None
    assert poland.period_on(date(1960, 1, 1)) is not None
