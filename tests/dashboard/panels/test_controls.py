"""The map's reports of its bounds: parsing them, telling the map's own moves from a pan.

The report sequences are what the real app received in headless Chromium on opening
``?year=1960&region=europe`` and dragging the map by (-180, 120) pixels.
"""

from __future__ import annotations

import pytest

from dashboard.map.fit import Report, centred, classify, view_centre
from dashboard.panels.controls import reported_bounds

EUROPE = (34.0, -25.0, 71.5, 45.0)
OPENING = (-81.3083, -222.8906, 89.2518, 243.2813)  # zoom 1 at the fit's centre
FITTED = (30.1017, -31.2176, 72.9259, 51.1908)
DRAGGED = (44.6363, -3.6238, 77.5714, 78.7845)


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


def test_the_map_opens_where_leaflet_centres_the_fit():
    lat, lon = view_centre(EUROPE)
    assert lon == 10.0
    assert 57.0 < lat < 57.5  # the Mercator middle of 34-71.5 N, not the mean 52.75
    assert centred(OPENING, EUROPE)
    assert centred(FITTED, EUROPE)
    assert not centred(DRAGGED, EUROPE)


def test_opening_then_fit_then_drag():
    assert classify(OPENING, 1, EUROPE, None) is Report.OPENING
    assert classify(FITTED, 3.25, EUROPE, OPENING) is Report.FITTED
    assert classify(DRAGGED, 3.25, None, FITTED) is Report.MOVED


def test_a_drag_before_the_fit_reports_is_a_pan():
    """On a slow machine a drag that starts within st_folium's 250 ms debounce swallows the
    fit's own report: the only report is the dragged view."""
    assert classify(DRAGGED, 3.25, EUROPE, None) is Report.MOVED
    assert classify(DRAGGED, 3.25, EUROPE, OPENING) is Report.MOVED


def test_a_zoom_by_the_buttons_keeps_the_centre_but_is_a_move():
    lat, lon = view_centre(FITTED)
    zoomed = (lat - 8.0, lon - 20.0, lat + 8.0, lon + 20.0)
    assert classify(zoomed, 3.75, None, FITTED) is Report.MOVED


def test_the_frame_settling_near_the_fit_is_ignored():
    assert classify((30.3, -31.0, 72.7, 51.0), 3.25, None, FITTED) is Report.SETTLING


def test_a_world_fit_after_its_opening_view():
    """Both cover the world; only the zoom tells the opening view from the fit."""
    world = (-60.0, -180.0, 84.0, 180.0)
    opening = (-84.2672, -232.7344, 88.8644, 233.4375)
    fitted = (-79.4168, -195.9639, 87.9404, 196.0384)
    assert classify(opening, 1, world, None) is Report.OPENING
    assert classify(fitted, 1.25, world, opening) is Report.FITTED


def test_a_reopened_link_fits_its_own_bounds():
    # It opens beyond the Mercator world's edge (Leaflet reports latitudes past 85.05 N).
    opening = (-86.9323, -213.0469, 87.8768, 253.125)
    linked = (0.0, 0.0, 20.0, 40.0)
    assert classify(opening, 1, linked, None) is Report.OPENING
    assert classify((-9.0169, -0.5786, 28.257, 40.6256), 4.5, linked, opening) is Report.FITTED


def test_a_refit_to_a_frame_of_another_size_is_the_map_settling():
    """The browser refits the asked bounds when the frame changes size (presenter mode, a
    window resized): the report holds the asked bounds, tight along one axis."""
    wider_frame = (34.2, -40.0, 71.3, 60.0)  # all of Europe, tight north-south
    assert classify(wider_frame, 3.5, None, FITTED, EUROPE) is Report.SETTLING
    assert classify(wider_frame, 3.5, None, FITTED) is Report.MOVED  # no asked bounds known


def test_a_zoom_out_by_hand_is_a_move_even_centred_on_the_fit():
    two_steps = (14.0, -60.0, 80.0, 80.0)  # holds Europe, far wider along both axes
    assert classify(two_steps, 2.75, None, FITTED, EUROPE) is Report.MOVED
    assert classify(FITTED, 3.25, None, FITTED, EUROPE) is Report.SETTLING


class TestYearFromTheMap:
    """The map's time control reports its year as a clicked feature {kind: "year"}."""

    @pytest.fixture
    def session(self, monkeypatch):
        from dashboard.panels import controls
        from dashboard.view import state

        store = {controls.SS_HORIZON: (1772, 1991), state.W_YEAR: 1950, controls.W_MAP: None}
        monkeypatch.setattr(controls.st, "session_state", store)
        return store

    def report(self, store, props):
        from dashboard.panels import controls

        store[controls.W_MAP] = {"last_active_drawing": {"type": "Feature", "properties": props}}
        controls.on_map_change()

    def test_the_year_goes_to_the_slider(self, session):
        from dashboard.view import state

        self.report(session, {"kind": "year", "year": 1961, "n": 1})
        assert session[state.W_YEAR] == 1961
        self.report(session, {"kind": "year", "year": 1950, "n": 2})
        assert session[state.W_YEAR] == 1950

    @pytest.mark.parametrize("year", ["1961", 1961.5, True, None, 1771, 1992, [1961]])
    def test_anything_but_a_year_in_the_horizon_is_ignored(self, session, year):
        from dashboard.view import state

        self.report(session, {"kind": "year", "year": year, "n": 1})
        assert session[state.W_YEAR] == 1950
