"""The map's colours under colour-vision deficiency and the contrast of its names, measured
(bench/colour_vision.py) and held: docs/accessibility.md shows what the code measures now."""

from __future__ import annotations

from itertools import combinations

import pytest

from bench import colour_vision as cv
from dashboard.map import colours


@pytest.fixture(scope="module")
def measured() -> list[cv.Measured]:
    return [cv.measure(year, region) for year, region in cv.VIEWS]


def test_the_documented_table_is_what_is_measured(measured) -> None:
    text = cv.DOC.read_text(encoding="utf-8")
    assert f"{cv.BEGIN}\n{cv.table(measured)}\n{cv.END}" in text, (
        "run `python -m bench.colour_vision` to rewrite docs/accessibility.md"
    )


def test_rulers_and_organisations_stay_apart_under_every_simulation(measured) -> None:
    for row in measured:
        if row.colours["fills"] > 1:
            assert row.least["fills"]["normal"][0] >= 15, row.view
            assert row.worst("fills")[0] >= 8, row.view


def test_three_partition_holders_stay_apart_for_every_reader() -> None:
    for vision in cv.VISIONS:
        for a, b in combinations(colours.PARTITION[:3], 2):
            difference = cv.seen(a, vision).delta_e(cv.seen(b, vision), method="2000")
            assert difference >= 8, (vision, a, b)


def test_names_are_readable_on_their_halo(measured) -> None:
    assert all(row.name_on_halo >= 7 for row in measured)  # WCAG AAA for text
