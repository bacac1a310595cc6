"""Screenshots of the default pack in 1880, 1956 and 1985 (kept in tests/artifacts/)."""

from __future__ import annotations

import pytest

from tests.browser.dashdom import TIMEOUT, map_frame_handle
from tests.browser.mapdom import wait_for_app_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("year=1880&region=europe", "path.polity-austria-hungary"),
        ("year=1956", "path.polity-soviet-union"),
        ("year=1985", "path.arrowhead.rec-cuba-in-angola"),
    ],
)
def test_default_pack_screenshot(server, page, artifacts_dir, query, expect) -> None:
    page.goto(f"{server.url}?{query}")
    frame = map_frame_handle(page)
    frame.locator(expect).first.wait_for(state="attached", timeout=TIMEOUT)
    frame.locator("path.polity").nth(30).wait_for(state="attached", timeout=TIMEOUT)
    wait_for_app_idle(page)
    year = query.split("&")[0].split("=")[1]
    page.screenshot(path=str(artifacts_dir / f"dashboard-{year}.png"), full_page=False)
    assert page.request_log.outside() == []
    assert page.page_errors == []
