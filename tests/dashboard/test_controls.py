"""The map's reports of its bounds: parsing them, telling a fit from a pan."""

from __future__ import annotations

import pytest

from dashboard.controls import fits, near, reported_bounds

EUROPE = (34.0, -25.0, 71.5, 45.0)


def leaflet(s: float, w: float, n: float, e: float) -> dict[str, dict[str, float]]:
    return {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}}


def test_reported_bounds_are_rounded_south_west_north_east():
    assert reported_bounds(leaflet(30.123456, -31.2, 72.9, 51.19)) == (30.1235, -31.2, 72.9, 51.19)


def test_reported_bounds_beyond_the_poles_and_date_line_are_clamped():
    assert reported_bounds(leaflet(-95.0, -400.0, 95.0, 400.0)) == (-90.0, -360.0, 90.0, 360.0)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {},
        "x",
        {"_southWest": {"lat": "a", "lng": 0}, "_northEast": {"lat": 1, "lng": 1}},
        leaflet(10, 0, 5, 1),
    ],
)
def test_reported_bounds_that_make_no_sense_are_none(raw):
    assert reported_bounds(raw) is None


def test_the_fit_of_a_region_fits_it():
    assert fits((30.1, -31.2, 72.9, 51.2), EUROPE)  # all of Europe, snug in width


def test_the_view_the_map_opens_with_is_not_the_fit():
    assert not fits((-60.9, -106.5, 80.2, 126.6), EUROPE)  # covers Europe, far too wide


def test_a_pan_away_is_not_the_fit():
    assert not fits((20.0, -60.0, 60.0, 20.0), EUROPE)


def test_a_frame_settling_stays_near_its_fit_but_a_zoom_does_not():
    fitted = (30.1, -31.2, 72.9, 51.2)
    assert near((30.3, -31.0, 72.7, 51.0), fitted)
    assert not near((40.0, -10.0, 62.0, 30.0), fitted)
