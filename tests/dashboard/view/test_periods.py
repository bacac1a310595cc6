"""Years in which the year view changes, against the real slices of the default pack."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.view.context import pack_horizon
from dashboard.view.periods import (
    border_change_years,
    same_map_span,
    view_change_years,
)
from events.pack import load_pack
from events.timeslice import in_year
from geodata.geometry import period_key
from geodata.polities import load_gazetteer


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def year_view(pack, year: int) -> tuple[object, ...]:
    """Everything a year view shows apart from the year's number."""
    found = in_year(pack, year)
    records = tuple(
        (s.record.id, s.began_in_period, s.ended_in_period)
        for group in (found.relationships, found.events, found.organisations)
        for s in group
    )
    return records, period_key(date(year, 7, 1))


def test_views_differ_exactly_in_change_years(pack):
    horizon = pack_horizon(pack)
    changes = set(view_change_years(pack, load_gazetteer().change_dates(), horizon))
    views = {y: year_view(pack, y) for y in range(horizon[0], horizon[1] + 1)}
    quiet_years = 0
    for year in range(horizon[0] + 1, horizon[1] + 1):
        same = views[year] == views[year - 1]
        assert same == (year not in changes), year
        quiet_years += same
    assert quiet_years > 20  # the default pack has real quiet spans (e.g. 1929-1931)


def test_border_change_on_1_july_shows_that_year_and_on_2_july_the_next():
    assert border_change_years([date(1955, 7, 1)]) == {1955}
    assert border_change_years([date(1955, 7, 2)]) == {1956}
    assert border_change_years([date(1990, 10, 3)]) == {1991}


@pytest.mark.parametrize(
    ("year", "expected"),
    [(1772, (1772, 1799)), (1800, (1800, 1809)), (1805, (1800, 1809)), (1991, (1990, 1991))],
)
def test_same_map_span(year, expected):
    changes = [1800, 1810, 1990]
    assert same_map_span(year, changes, (1772, 1991)) == expected


def test_same_map_span_of_a_change_year_starts_there():
    assert same_map_span(1810, [1800, 1810, 1990], (1772, 1991)) == (1810, 1989)
