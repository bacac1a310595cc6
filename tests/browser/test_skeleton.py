"""The walking skeleton in a real browser: offline map, slider, screenshot."""

from __future__ import annotations

import pytest

from tests.browser.mapdom import fills, wait_for_app_idle, wait_for_shapes

pytestmark = pytest.mark.browser


def test_map_renders_offline_and_follows_the_slider(server, page, artifacts_dir) -> None:
    page.goto(server.url)
    count = wait_for_shapes(page)
    assert count > 100, "the political map draws every polity"
    wait_for_app_idle(page)
    log = server.log.read_text()
    assert "default view warmed" in log, "serve computes the default view at start-up"
    assert "warming the default view failed" not in log
    page.screenshot(path=str(artifacts_dir / "skeleton-default.png"))
    before = fills(page)

    slider = page.get_by_role("slider").first
    slider.focus()
    slider.press("End")  # the last year of the horizon: a very different map
    page.wait_for_function(
        """(before) => {
            const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const doc = frame && frame.contentDocument;
            if (!doc) return false;
            const now = [...doc.querySelectorAll('path.leaflet-interactive')]
                .map(e => e.getAttribute('fill'));
            return now.length > 100 && now.join() !== before.join();
        }""",
        arg=before,
        timeout=60_000,
    )
    wait_for_app_idle(page)
    page.screenshot(path=str(artifacts_dir / "skeleton-end.png"))

    assert fills(page) != before
    assert page.request_log.outside() == [], "no request may leave the machine"
    assert page.page_errors == []
