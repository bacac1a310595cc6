"""Slider steps, pans and zooms in the real app: what is sent, what the URL keeps.

A step inside a span of years with the same map reruns only the time controls and the map
(a few kilobytes); a step into a year where something changes redraws the whole page. A pan
or zoom by hand goes into the link, and the link reopens that view. A slider press made
while the page's first run is still drawing is kept.
"""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qsl, urlsplit

import pytest

from dashboard.view.context import pack_horizon
from dashboard.view.periods import same_map_span, view_change_years
from dashboard.view.state import parse_bounds
from events.pack import load_pack
from geodata.polities import load_gazetteer
from tests.browser.dashdom import TIMEOUT, map_bounds, shows, wait_for_decades, wait_for_slider
from tests.browser.mapdom import MAP_FRAME, wait_for_app_idle, wait_for_shapes

pytestmark = pytest.mark.browser
QUIET_BUDGET = 5_000  # bytes, issue 5


@pytest.fixture(scope="module")
def changes() -> tuple[list[int], tuple[int, int]]:
    pack = load_pack()
    horizon = pack_horizon(pack)
    return view_change_years(pack, load_gazetteer().change_dates(), horizon), horizon


class Received:
    """Bytes the page received over Streamlit's websocket (decoded frames)."""

    def __init__(self, page) -> None:
        self.frames: list[int] = []
        self.last = time.monotonic()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _frame(self, event) -> None:
        response = event["response"]
        data = response["payloadData"]
        size = len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())
        self.frames.append(size)
        self.last = time.monotonic()

    def wait_quiet(self, page, quiet: float = 1.5, timeout: float = 60.0) -> None:
        """Wait until nothing has arrived for ``quiet`` seconds: after the first page the map
        reports its fitted bounds, which reruns the map's fragment once more."""
        deadline = time.monotonic() + timeout
        while time.monotonic() - self.last < quiet:
            assert time.monotonic() < deadline, "the page never went quiet"
            page.wait_for_timeout(250)  # a bounded poll for a condition

    def take(self) -> int:
        total, self.frames = sum(self.frames), []
        return total


def query(page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))


def wait_for_query(page, key: str, value: str | None = None) -> None:
    page.wait_for_function(
        """([key, value]) => {
            const q = new URLSearchParams(location.search);
            return value === null ? q.has(key) : q.get(key) === value;
        }""",
        arg=[key, value],
        timeout=TIMEOUT,
    )


def span_caption(page, span: tuple[int, int]):
    return page.get_by_text(f"from {span[0]} to {span[1]} (shaded)")


def step_and_back(page, year: int) -> None:
    slider = page.get_by_role("slider", name="Year").first
    slider.focus()
    for key, now in (("ArrowRight", year + 1), ("ArrowLeft", year)):
        slider.press(key)
        wait_for_query(page, "year", str(now))
        wait_for_app_idle(page)


def step_right(page) -> None:
    slider = page.get_by_role("slider", name="Year").first
    slider.focus()
    slider.press("ArrowRight")


def test_a_quiet_step_sends_only_the_time_controls(server, page, changes) -> None:
    years, horizon = changes
    year = next(y for y in range(1920, 1991) if y + 1 not in years and y in years)
    span = same_map_span(year, years, horizon)
    received = Received(page)
    page.goto(server.url + f"?year={year}")
    wait_for_shapes(page)
    wait_for_app_idle(page)
    span_caption(page, span).wait_for(timeout=TIMEOUT)
    # A decade's first visit makes its year frames; the map learns of them once.
    wait_for_decades(page, [year, year + 1], lambda: step_and_back(page, year))
    received.wait_quiet(page)
    wait_for_app_idle(page)
    received.take()

    step_right(page)
    wait_for_query(page, "year", str(year + 1))
    page.get_by_text(f"{year + 1}: borders as on 1 July {year + 1}").wait_for(timeout=TIMEOUT)
    wait_for_app_idle(page)
    sent = received.take()
    assert sent < QUIET_BUDGET, f"{year}->{year + 1} sent {sent} bytes"
    assert span_caption(page, span).is_visible()  # the page below stands for the whole span

    # Stepping out of the span redraws the page: the caption names the next span.
    for next_year in range(year + 2, span[1] + 1):
        step_right(page)
        wait_for_query(page, "year", str(next_year))
        wait_for_app_idle(page)
    step_right(page)
    wait_for_query(page, "year", str(span[1] + 1))
    after = same_map_span(span[1] + 1, years, horizon)
    if after[0] != after[1]:
        span_caption(page, after).wait_for(timeout=TIMEOUT)
    else:
        span_caption(page, span).wait_for(state="detached", timeout=TIMEOUT)
    assert page.page_errors == []


def drag_map(page, dx: int, dy: int) -> None:
    box = page.locator(MAP_FRAME).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=5)
    page.mouse.move(x + dx, y + dy, steps=5)
    page.mouse.up()


def close(a, b, tolerance: float = 0.2) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_a_pan_goes_into_the_link_and_the_link_reopens_it(server, browser, page) -> None:
    page.goto(server.url + "?year=1960&region=europe")
    wait_for_shapes(page)
    wait_for_app_idle(page)
    assert "bounds" not in query(page)  # fitting the region is not a pan

    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    drag_map(page, -180, 120)
    wait_for_query(page, "bounds")
    # The link says what the map shows once the drag (and its inertia) has ended.
    deadline = time.monotonic() + TIMEOUT / 1000
    while not close(parse_bounds(query(page)["bounds"]) or (0, 0, 0, 0), map_bounds(page)):
        assert time.monotonic() < deadline, (query(page), map_bounds(page))
        page.wait_for_timeout(250)  # a bounded poll for a condition
    wait_for_app_idle(page)
    link = page.url
    linked = parse_bounds(query(page)["bounds"])
    assert linked is not None
    assert query(page)["region"] == "europe"

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        other.goto(link)
        wait_for_shapes(other)
        wait_for_app_idle(other)
        assert shows(tuple(map_bounds(other)), linked, tolerance=0.5)
        assert query(other)["bounds"] == query(page)["bounds"]  # reopening does not drift
    finally:
        context.close()


def test_a_slider_press_during_the_first_run_is_kept(server, page) -> None:
    page.goto(server.url + "?year=1950")
    slider = page.get_by_role("slider", name="Year").first
    slider.wait_for(timeout=TIMEOUT)
    step_right(page)  # most likely while the first run still draws the page
    wait_for_shapes(page)
    wait_for_app_idle(page)
    wait_for_slider(page, 1951)
    wait_for_query(page, "year", "1951")
    page.get_by_text("1951: borders as on 1 July 1951").wait_for(timeout=TIMEOUT)
