"""Time steps in the browser (issue 17): the map's own time control redraws the map from
decade files at once, a burst of steps costs the server one update, and the page follows.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.dashdom import TIMEOUT, map_frame_handle, wait_for_slider
from tests.browser.mapdom import MAP_FRAME, wait_for_app_idle, wait_for_shapes

pytestmark = pytest.mark.browser
MAP = "window.histatlas"


class Sent:
    """Year reports the page sends over Streamlit's websocket: each rerun request carries the
    map component's value, and a report's feature has its own ``n`` (a message for anything
    else - the map's bounds after a refit - carries the last report's ``n`` again)."""

    REPORT = re.compile(rb'"kind":"year","year":(\d+),"n":(\d+)')

    def __init__(self, page) -> None:
        self.reports: set[tuple[int, int]] = set()
        self.before: set[tuple[int, int]] | None = None
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameSent", self._frame)

    def _frame(self, event) -> None:
        response = event["response"]
        if response.get("opcode") == 2:  # a protobuf BackMsg
            payload = base64.b64decode(response["payloadData"])
            self.reports |= {(int(y), int(n)) for y, n in self.REPORT.findall(payload)}

    def start(self) -> None:
        self.before = set(self.reports)

    def new(self) -> set[tuple[int, int]]:
        return self.reports - (self.before or set())


def year_in_url(page) -> str | None:
    return dict(parse_qsl(urlsplit(page.url).query)).get("year")


def wait_for_query_year(page, year: int) -> None:
    page.wait_for_function(
        "(y) => new URLSearchParams(location.search).get('year') === String(y)",
        arg=year,
        timeout=TIMEOUT,
    )


def time_state(frame) -> dict:
    return frame.evaluate(
        """() => { const t = window.histatlas.time; return t && {year: t.year,
            drawn: t.drawnYear, files: Object.keys(t.frames.files),
            busy: window.histatlas.busy}; }"""
    )


def open_with_frames(page, year: int):
    """Open ``year`` and step (through the server if need be) until the browser holds the
    decade's file: the first visit of a decade starts making it in the background."""
    page.goto(page.server_url + f"?year={year}")
    wait_for_shapes(page)
    wait_for_app_idle(page)
    frame = map_frame_handle(page)
    frame.wait_for_function(f"() => {MAP}.time && {MAP}.busy === 0", timeout=TIMEOUT)
    decade = str(year - year % 10)
    for attempt in range(20):
        if decade in time_state(frame)["files"]:
            break
        button = ".hx-next" if attempt % 2 == 0 else ".hx-prev"
        target = year + 1 if attempt % 2 == 0 else year
        page.frame_locator(MAP_FRAME).first.locator(button).click()
        wait_for_query_year(page, target)
        wait_for_app_idle(page)
        frame.wait_for_function(
            f"(y) => {MAP}.time.drawnYear === y && {MAP}.busy === 0", arg=target, timeout=TIMEOUT
        )
    else:
        pytest.fail(f"the server never sent the frames of {decade}: {time_state(frame)}")
    return frame


def shapes_ready(frame, year: int) -> None:
    """Wait until the shapes of ``year`` are in the window (prefetched after each step)."""
    frame.wait_for_function(
        f"""(y) => {{ const s = {MAP}.frameSpec({MAP}.time, y);
            if (!s) return false; const need = {MAP}.need(s); return need === null; }}""",
        arg=year,
        timeout=TIMEOUT,
    )


def drawn_map(frame) -> list[list[str]]:
    """Every polity shape the map shows now: its class and fill, sorted."""
    return sorted(
        frame.evaluate(
            """() => [...document.querySelectorAll('path.polity')].map(
                p => [p.getAttribute('class').split(' ').find(c => c.startsWith('polity-')),
                      p.getAttribute('fill')])"""
        )
    )


# Every polity path comes before (under) every arrow, arrow head, marker and share.
ABOVE_POLITIES = """() => {
    const paths = [...document.querySelectorAll('.leaflet-overlay-pane path')];
    const last = paths.map(p => p.classList.contains('polity')).lastIndexOf(true);
    const firstOther = paths.findIndex(p => /\\b(arrow|arrowhead|point|area)\\b/.test(
        p.getAttribute('class')));
    return firstOther === -1 || last < firstOther;
}"""


@pytest.fixture
def app(server, page):
    page.server_url = server.url
    return page


def test_a_step_is_drawn_at_once_and_a_burst_costs_one_update(app) -> None:
    page = app
    frame = open_with_frames(page, 1954)
    start = time_state(frame)["year"]
    for year in range(start + 1, start + 4):
        shapes_ready(frame, year)
    sent = Sent(page)
    sent.start()
    # One script: three clicks, and the map says what it shows right after each, before
    # anything could come back from the server.
    drawn = frame.evaluate(
        f"""() => [1, 2, 3].map(() => {{
            document.querySelector('.histatlas-time .hx-next').click();
            return {MAP}.time.drawnYear; }})"""
    )
    assert drawn == [start + 1, start + 2, start + 3]
    assert frame.evaluate(
        "() => document.querySelector('.histatlas-time .hx-year').textContent"
    ) == str(start + 3)
    # The page follows once: slider, link and heading.
    wait_for_slider(page, start + 3)
    wait_for_query_year(page, start + 3)
    page.get_by_text(f"{start + 3}: borders as on 1 July {start + 3}").wait_for(timeout=TIMEOUT)
    wait_for_app_idle(page)
    reports = sent.new()
    assert {year for year, _ in reports} == {start + 3}, f"reports for one burst: {reports}"
    assert len(reports) == 1, f"reports for one burst: {reports}"
    # Shapes added by the steps went under the arrows, markers and partition shares.
    assert frame.evaluate(ABOVE_POLITIES), "a polity drawn over an arrow, marker or share"
    # The server's own drawing of that year is the browser's.
    in_browser = drawn_map(frame)
    assert len(in_browser) > 150
    assert time_state(frame)["drawn"] == start + 3
    page.goto(page.server_url + f"?year={start + 3}")
    wait_for_shapes(page)
    wait_for_app_idle(page)
    fresh = map_frame_handle(page)
    fresh.wait_for_function(f"() => {MAP}.time && {MAP}.busy === 0", timeout=TIMEOUT)
    assert drawn_map(fresh) == in_browser
    assert page.page_errors == []


def test_keys_and_play_step_in_the_browser_and_the_link_follows(app) -> None:
    page = app
    frame = open_with_frames(page, 1957)
    start = time_state(frame)["year"]
    control = page.frame_locator(MAP_FRAME).first.locator(".histatlas-time")
    control.locator(".hx-year-range").focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    frame.wait_for_function(f"(y) => {MAP}.time.drawnYear === y", arg=start + 2, timeout=TIMEOUT)
    wait_for_query_year(page, start + 2)
    wait_for_app_idle(page)
    # Play: years go by in the map; Pause: the page catches up with the year shown.
    control.get_by_role("button", name="Play").click()
    frame.wait_for_function(f"(y) => {MAP}.time.drawnYear >= y", arg=start + 5, timeout=TIMEOUT)
    control.get_by_role("button", name="Pause").click()
    shown = time_state(frame)["drawn"]
    assert shown >= start + 5
    wait_for_query_year(page, shown)
    wait_for_slider(page, shown)
    wait_for_app_idle(page)
    assert time_state(frame)["drawn"] == shown  # the server's answer did not move it back
    control.get_by_role("button", name="Play").wait_for(timeout=TIMEOUT)
    assert page.page_errors == []


def test_the_page_controls_still_move_the_map_and_an_exact_day_has_no_map_control(app) -> None:
    page = app
    frame = open_with_frames(page, 1962)
    start = time_state(frame)["year"]
    page.get_by_role("button", name="▶▶").click()  # the next change, found by the server
    page.wait_for_function(
        "(y) => Number(new URLSearchParams(location.search).get('year')) > y",
        arg=start,
        timeout=TIMEOUT,
    )
    wait_for_app_idle(page)
    target = int(year_in_url(page) or 0)
    frame = map_frame_handle(page)
    frame.wait_for_function(
        f"(y) => {MAP}.time.drawnYear === y && {MAP}.busy === 0", arg=target, timeout=TIMEOUT
    )
    assert frame.evaluate(
        "() => document.querySelector('.histatlas-time .hx-year').textContent"
    ) == str(target)
    page.get_by_text("Exact day").click()
    page.wait_for_function(
        "() => new URLSearchParams(location.search).has('date')", timeout=TIMEOUT
    )
    wait_for_app_idle(page)
    frame = map_frame_handle(page)
    frame.wait_for_function(
        f"() => !{MAP}.time && !document.querySelector('.histatlas-time') && {MAP}.busy === 0",
        timeout=TIMEOUT,
    )
    assert page.page_errors == []


def test_the_map_control_follows_a_page_step_that_leaves_the_map_as_it_is(app) -> None:
    """Years of one span send the map nothing: the map reads the year from the address,
    whether or not its decade's file is here yet (a first visit of a quiet year)."""
    from dashboard.view.context import pack_horizon
    from dashboard.view.periods import view_change_years
    from events.pack import load_pack
    from geodata.polities import load_gazetteer

    pack = load_pack()
    changes = view_change_years(pack, load_gazetteer().change_dates(), pack_horizon(pack))
    year = next(y for y in range(1800, 1900) if y + 1 not in changes and y in changes)
    page = app
    page.goto(page.server_url + f"?year={year}")
    wait_for_shapes(page)
    wait_for_app_idle(page)
    frame = map_frame_handle(page)
    frame.wait_for_function(f"(y) => {MAP}.time && {MAP}.time.drawnYear === y", arg=year)
    slider = page.get_by_role("slider", name="Year").first
    slider.focus()
    slider.press("ArrowRight")
    wait_for_query_year(page, year + 1)
    frame.wait_for_function(
        f"(y) => {MAP}.time.drawnYear === y && {MAP}.busy === 0", arg=year + 1, timeout=TIMEOUT
    )
    label = frame.evaluate("() => document.querySelector('.histatlas-time .hx-year').textContent")
    assert label == str(year + 1)
    assert page.page_errors == []
