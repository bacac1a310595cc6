"""AppTest smoke tests: the app runs, shows the pack's title and a map that follows the slider."""

from __future__ import annotations

from tests.app.helpers import map_payload, run_app


def test_app_runs_and_shows_a_map() -> None:
    at = run_app()
    assert not at.exception
    assert at.title, "the pack's title is shown"
    payload = map_payload(at)
    assert "L.geoJson" in payload["script"]
    # Offline: the only assets are the app's own Leaflet files.
    assert payload["js_links"] == ["/app/static/vendor/leaflet/leaflet.js"]
    assert payload["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]


def test_moving_the_slider_changes_the_map() -> None:
    at = run_app()
    year_slider = at.slider(key="year")
    year_slider.set_value(1880).run()
    before = map_payload(at)["script"]
    assert "German Empire" in before or "germany" in before
    year_slider.set_value(1960).run()
    after = map_payload(at)["script"]
    assert not at.exception
    assert after != before
    assert "east-germany" in after
    assert "east-germany" not in before
