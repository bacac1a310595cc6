"""Drive a Streamlit map app's year slider in headless Chromium; time and weigh each step.

A step is: press ArrowRight on the slider, then wait until a script run finished (the app
root's ``data-test-script-state`` went back to notRunning one more time) and the map shows
the new year. For histatlas: the page heading names the year, the map component holds the
expected view layer (or, when none is given, a different one than before the step) and
``window.histatlas.busy`` is 0 (every shape it needs fetched and drawn). For the naive
baseline: a fresh map iframe drew its shapes. Bytes are everything the page received
meanwhile: WebSocket frames and HTTP bodies (Chrome DevTools Protocol network events).
Servers and Chromium are started by tests/support/server.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WAIT_MS = 300_000  # first page load: a 100,000-record pack loads in the server first
STEP_WAIT_MS = 180_000
VIEWPORT = {"width": 1400, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

_COUNT_RUNS = """() => {
    if (window.__runs !== undefined) return;
    window.__runs = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    let last = app.getAttribute('data-test-script-state');
    new MutationObserver(() => {
        const now = app.getAttribute('data-test-script-state');
        if (now === 'notRunning' && last !== 'notRunning') window.__runs += 1;
        last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""

# The map iframe's window: histatlas' drawing state and streamlit-folium's last view layer.
_MAP_STATE = """() => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const win = frame && frame.contentWindow;
    const h = win && win.histatlas;
    const data = win && win.__GLOBAL_DATA__;
    return {
        drawn: h ? (h.drawn || 0) : 0,
        busy: h ? (h.busy || 0) : 0,
        group: data ? (data.last_feature_group || null) : null,
    };
}"""

_SETTLED = """([runs, year, expected, before, naive]) => {
    if (window.__runs <= runs) return false;
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const win = frame && frame.contentWindow;
    if (!win || !win.document) return false;
    if (naive) {
        return !win.__seen && win.document.querySelectorAll('path.leaflet-interactive').length > 50;
    }
    const heads = [...document.querySelectorAll('h4')];
    if (!heads.some(h => h.textContent.startsWith(year + ':'))) return false;
    const data = win.__GLOBAL_DATA__;
    if (!data || !win.histatlas || win.histatlas.busy !== 0) return false;
    // With year frames the map says which year it shows (the spec may not change).
    if (win.histatlas.time) return win.histatlas.time.drawnYear === year;
    if (expected !== null) return data.last_feature_group === expected;
    return data.last_feature_group !== before;
}"""

# The first map: histatlas drew a view (its shapes fetched) and Streamlit is idle.
_FIRST_MAP = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const win = frame && frame.contentWindow;
    const h = win && win.histatlas;
    if (!h || !(h.drawn >= 1) || h.busy !== 0) return false;
    return win.document.querySelectorAll('path.leaflet-interactive').length > 0;
}"""

# A step of the map's own time control: the year drawn in the map (no server involved), then
# the page settled: the heading names the year and a script run has finished since.
_MAP_DRAWN = """(year) => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const h = frame && frame.contentWindow && frame.contentWindow.histatlas;
    return !!(h && h.time && h.time.drawnYear === year && h.busy === 0);
}"""

_PAGE_SETTLED = """([runs, year]) => {
    if (window.__runs <= runs) return false;
    const app = document.querySelector('[data-testid="stApp"]');
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const heads = [...document.querySelectorAll('h4')];
    return heads.some(h => h.textContent.startsWith(year + ':'));
}"""

# In the map's frame: the time from the key's event to the frame painted after the redraw
# (the map script logs it per step: static/histatlas-map.js, drawnYear), in ms.
_LAST_REDRAW = """(year) => {
    const hit = window.histatlas.time.log.filter(e => e.year === year);
    return hit.length ? hit[hit.length - 1].ms : null;
}"""


@dataclass
class Step:
    year: int
    seconds: float
    bytes: int
    changed: bool | None = None
    redrawn: float | None = None  # key press to map redrawn (in-map steps), seconds
    redrawn_wall: float | None = None  # the same, as the driver saw it (CDP round trips)


@dataclass
class NetLog:
    """Bytes received by the page (all frames and workers of its target)."""

    total: int = 0
    requests: list[str] = field(default_factory=list)

    def attach(self, cdp) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.loadingFinished", self._loaded)
        cdp.on("Network.requestWillBeSent", lambda e: self.requests.append(e["request"]["url"]))

    def _frame(self, event) -> None:
        payload = event["response"]["payloadData"]
        # Binary frames (opcode 2) arrive base64-encoded.
        self.total += len(payload) * 3 // 4 if event["response"]["opcode"] == 2 else len(payload)

    def _loaded(self, event) -> None:
        self.total += int(event.get("encodedDataLength", 0))

    def outside(self) -> list[str]:
        """Requests that left the machine (must stay empty: the benches run offline)."""
        return [
            url
            for url in self.requests
            if urlparse(url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(url).hostname not in LOCAL_HOSTS
        ]


def wait_for_first_map(page, timeout_ms: float = WAIT_MS) -> None:
    """Until histatlas' map has drawn its first view with every shape, and the app is idle."""
    page.wait_for_function(_FIRST_MAP, timeout=timeout_ms)


def map_state(page) -> dict:
    return page.evaluate(_MAP_STATE)


def step_through(
    page,
    net: NetLog,
    years: list[int],
    *,
    naive: bool,
    expected: dict[int, str] | None = None,
) -> list[Step]:
    """Press ArrowRight once per year in ``years`` (the slider starts one year before).

    Without ``expected`` view layers, histatlas' map must change on every step (true of the
    synthetic packs, whose records begin and end every year): that is what is waited for.
    """
    page.evaluate(_COUNT_RUNS)
    slider = page.get_by_role("slider").first
    steps = []
    for year in years:
        frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
        frame.evaluate("() => { window.__seen = true; }")
        runs = page.evaluate("() => window.__runs")
        before = None if naive else map_state(page)["group"]
        sent = net.total
        start = time.perf_counter()
        slider.focus()
        slider.press("ArrowRight")
        want = (expected or {}).get(year)
        page.wait_for_function(
            _SETTLED, arg=[runs, year, want, before, naive], timeout=STEP_WAIT_MS
        )
        steps.append(Step(year, time.perf_counter() - start, net.total - sent))
    return steps


def open_app(browser, url: str, net: NetLog, *, naive: bool):
    """A fresh page on ``url`` with the map drawn and the network log attached."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    net.attach(context.new_cdp_session(page))
    page.goto(url)
    if naive:
        frame = page.frame_locator(MAP_FRAME).first
        frame.locator("path.leaflet-interactive").nth(50).wait_for(
            state="attached", timeout=WAIT_MS
        )
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stApp\"]')"
            ".getAttribute('data-test-script-state') === 'notRunning'",
            timeout=WAIT_MS,
        )
    else:
        wait_for_first_map(page)
    return context, page


def wait_for_frames(
    page, year: int, timeout_ms: float = STEP_WAIT_MS, also: tuple[int, ...] = ()
) -> None:
    """Until the map holds the decade files of ``year`` and of the years ``also`` (made in the
    background on a first visit; the map learns of them with the server's next update):
    steps once through the server each way while one is missing."""
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    decades = sorted({str(y - y % 10) for y in (year, *also)})
    deadline = time.monotonic() + timeout_ms / 1000
    while not frame.evaluate(
        "(ds) => !!window.histatlas.time && ds.every(d => window.histatlas.time.frames.files[d])",
        decades,
    ):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the decades {decades} never reached the map")
        for target in (year + 1, year):
            page.evaluate(_COUNT_RUNS)
            runs = page.evaluate("() => window.__runs")
            frame.evaluate("(y) => window.histatlas.step(y)", target)
            page.wait_for_function(_PAGE_SETTLED, arg=[runs, target], timeout=timeout_ms)
            page.wait_for_function(_MAP_DRAWN, arg=target, timeout=timeout_ms)


def step_in_map(page, net: NetLog, years: list[int]) -> list[Step]:
    """Press ArrowRight on the map's own year slider once per year in ``years``: time to the
    map redrawn (in the page, from the key's event to the next painted frame, and as the
    driver saw it) and to the page settled (heading, slider and panels of that year); bytes
    received until settled, the server's answer included."""
    page.evaluate(_COUNT_RUNS)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    slider = page.frame_locator(MAP_FRAME).first.locator(".histatlas-time .hx-year-range")
    steps = []
    for year in years:
        frame.wait_for_function(
            """(y) => { const h = window.histatlas; const s = h.frameSpec(h.time, y);
                return !!s && h.need(s) === null; }""",
            arg=year,
            timeout=STEP_WAIT_MS,
        )  # what a step needs is here: it was prefetched after the step before
        runs = page.evaluate("() => window.__runs")
        sent = net.total
        start = time.perf_counter()
        slider.focus()
        slider.press("ArrowRight")
        page.wait_for_function(_MAP_DRAWN, arg=year, timeout=STEP_WAIT_MS)
        drawn = time.perf_counter() - start
        page.wait_for_function(_PAGE_SETTLED, arg=[runs, year], timeout=STEP_WAIT_MS)
        settled = time.perf_counter() - start
        frame.wait_for_function(f"(y) => ({_LAST_REDRAW})(y) !== null", arg=year)
        in_page = frame.evaluate(_LAST_REDRAW, year)
        steps.append(
            Step(year, settled, net.total - sent, redrawn=in_page / 1000, redrawn_wall=drawn)
        )
    return steps
