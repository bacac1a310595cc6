"""The compare link in a real browser: two drawn maps of 1985 and 1991 and the changes."""

from __future__ import annotations

from pathlib import Path

from tests.browser.mapdom import MAP_FRAME, SHAPES


def test_compare_1985_and_1991_draws_both_maps(server, page, artifacts_dir: Path) -> None:
    page.goto(server.url + "?compare=1985&year=1991&region=europe")
    page.get_by_text("1985 and 1991 side by side").wait_for(timeout=60_000)
    frames = page.locator(MAP_FRAME)
    page.wait_for_function(f"document.querySelectorAll('{MAP_FRAME}').length === 2", timeout=60_000)
    for index in range(2):
        shapes = frames.nth(index).content_frame.locator(SHAPES)
        shapes.nth(20).wait_for(state="attached", timeout=60_000)  # each map is drawn
    page.get_by_text("States ended:").wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "compare-1985-1991.png"), full_page=True)
    assert page.page_errors == []
