"""Presenter mode in a real browser: keys and buttons step slides, autoplay advances, pauses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.mapdom import wait_for_app_idle, wait_for_shapes
from tests.dashboard.export.test_export_fixtures import write_pack
from tests.support.server import Server, running_server

pytestmark = pytest.mark.browser
FAST = "fast (2 s)"


@pytest.fixture(scope="module")
def srv(tmp_path_factory, artifacts_dir: Path) -> Iterator[Server]:
    pack_dir = write_pack(tmp_path_factory.mktemp("pack"))
    with running_server(artifacts_dir, "--pack", str(pack_dir)) as server:
        yield server


def url_has(page, fragment: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "(f) => window.location.search.includes(f)", arg=fragment, timeout=timeout
    )


def present(page, srv: Server, query: str) -> None:
    page.goto(srv.url + query)
    wait_for_shapes(page, minimum=5)
    wait_for_app_idle(page)


def choose_speed(page, label: str) -> None:
    page.get_by_label("Speed").click()
    page.get_by_role("option", name=label).click()
    wait_for_app_idle(page)


def test_keys_and_buttons_step_the_slides(srv, page, artifacts_dir) -> None:
    present(page, srv, "?present=1&tour=pact-story&slide=1")
    assert page.get_by_text("Slide 1 / 3").is_visible()
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    page.screenshot(path=str(artifacts_dir / "presenter-slide-1.png"))
    page.locator("body").press("ArrowRight")
    url_has(page, "slide=2")
    page.get_by_text("Slide 2 / 3").wait_for()
    page.get_by_role("heading", name="Troops").wait_for()
    page.get_by_role("button", name="Next ▶").click()
    url_has(page, "slide=3")
    page.get_by_role("button", name="◀ Previous").click()
    url_has(page, "slide=2")
    assert "present=1" in page.url
    assert page.page_errors == []


def test_autoplay_advances_through_the_slides_and_stops_at_the_end(srv, page) -> None:
    present(page, srv, "?present=1&tour=pact-story&slide=1")
    choose_speed(page, FAST)
    page.get_by_role("button", name="▶ Play").click()
    url_has(page, "slide=2")
    page.get_by_text("Slide 2 / 3").wait_for()
    url_has(page, "slide=3")
    # At the last slide autoplay ends by itself: the button offers Play again.
    page.get_by_role("button", name="▶ Play").wait_for(timeout=30_000)
    assert page.request_log.outside() == []


def test_pause_stops_autoplay(srv, page) -> None:
    present(page, srv, "?present=1&year=1955")
    choose_speed(page, FAST)
    page.get_by_role("button", name="▶ Play").click()
    url_has(page, "year=1956")  # free autoplay through the years
    page.get_by_role("button", name="⏸ Pause").click()
    page.get_by_role("button", name="▶ Play").wait_for()
    wait_for_app_idle(page)
    paused_at = page.url
    # Three steps' worth of time without a change: a bounded wait that must run out.
    with pytest.raises(PlaywrightTimeout):
        page.wait_for_function("(u) => window.location.href !== u", arg=paused_at, timeout=6_500)
    assert page.page_errors == []
