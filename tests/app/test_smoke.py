"""AppTest smoke tests: the app runs, shows the pack's title and a map that follows the slider."""

from __future__ import annotations

from tests.app.helpers import drawn_polities, map_payload, run_app


def test_app_runs_and_shows_a_map() -> None:
    at = run_app()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    payload = map_payload(at)
    assert "histatlas.draw(" in payload["feature_group"]
    # Offline: the only assets are the app's own Leaflet files and map script.
    assert payload["js_links"][0] == "/app/static/vendor/leaflet/leaflet.js"
    assert payload["js_links"][1].startswith("/app/static/histatlas-map.js?v=")
    assert payload["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]


def test_moving_the_slider_changes_the_map() -> None:
    at = run_app()
    year_slider = at.slider(key="year")
    year_slider.set_value(1880).run()
    before = drawn_polities(at)
    assert "germany" in before
    year_slider.set_value(1960).run()
    after = drawn_polities(at)
    assert not at.exception
    assert "east-germany" in after
    assert "east-germany" not in before
