"""Drive a Streamlit map app's year slider in headless Chromium; time and weigh each step.

A step is: press ArrowRight on the slider, then wait until the script run finished (the
app root's ``data-test-script-state`` went back to notRunning one more time) and the map
shows the new year: for histatlas, the map component received the expected view layer and
fetched any missing shapes; for the baseline, a fresh map iframe drew its shapes. Bytes are
everything the page received meanwhile: WebSocket frames and HTTP bodies (Chrome DevTools
Protocol network events).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WAIT_MS = 120_000  # page load, cold caches
STEP_WAIT_MS = 60_000

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

_MAP_SETTLED = """([runs, expected, naive]) => {
    if (window.__runs <= runs) return false;
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const win = frame && frame.contentWindow;
    if (!win || !win.document) return false;
    if (naive) {
        return !win.__seen && win.document.querySelectorAll('path.leaflet-interactive').length > 50;
    }
    const data = win.__GLOBAL_DATA__;
    if (!data || !win.histatlas) return false;
    if (expected !== null && data.last_feature_group !== expected) return false;
    return win.histatlas.busy === 0;
}"""


@dataclass
class Step:
    year: int
    seconds: float
    bytes: int
    changed: bool | None = None


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling a condition with a bound, not waiting a guessed time
    raise TimeoutError(f"server did not answer within {timeout}s")


@contextmanager
def streamlit_server(
    script: Path, log: Path, env: dict[str, str] | None = None, extra: tuple[str, ...] = ()
) -> Iterator[str]:
    """``streamlit run script`` on a free loopback port with the app's static serving."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.enableStaticServing", "true", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
        "--server.fileWatcherType", "none", *extra,
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _healthy(url, process, log)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the whole group
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def chromium() -> str:
    found = os.environ.get("HISTATLAS_CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("no Chromium found (set HISTATLAS_CHROMIUM)")
    return found


def step_through(
    page,
    net: NetLog,
    years: list[int],
    *,
    naive: bool,
    expected: dict[int, str] | None = None,
) -> list[Step]:
    """Press ArrowRight once per year in ``years`` (the slider starts one year before)."""
    page.evaluate(_COUNT_RUNS)
    slider = page.get_by_role("slider").first
    steps = []
    for year in years:
        frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
        frame.evaluate("() => { window.__seen = true; }")
        runs = page.evaluate("() => window.__runs")
        before = net.total
        start = time.perf_counter()
        slider.focus()
        slider.press("ArrowRight")
        want = (expected or {}).get(year)
        page.wait_for_function(_MAP_SETTLED, arg=[runs, want, naive], timeout=STEP_WAIT_MS)
        steps.append(Step(year, time.perf_counter() - start, net.total - before))
    return steps


def open_app(browser, url: str, net: NetLog, *, naive: bool):
    """A fresh page on ``url`` with the map drawn and the network log attached."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    net.attach(context.new_cdp_session(page))
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("path.leaflet-interactive").nth(50).wait_for(state="attached", timeout=WAIT_MS)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'",
        timeout=WAIT_MS,
    )
    if not naive:
        handle = page.locator(MAP_FRAME).first.element_handle().content_frame()
        handle.wait_for_function("() => window.histatlas && window.histatlas.busy === 0")
    return context, page
