"""Many viewers at once: >= 20 browser sessions on one real server, each moving its own slider.

Each session opens its own view (year and region in the URL). Warm-up: every session steps
once through all the years it will later visit (its start year +- SWING), so every view and
every border period the run needs is computed and cached before memory is judged. Then, for
``HISTATLAS_SOAK_SECONDS`` (default 120), every session keeps stepping back and forth over
those same years. Checked: every step ends with the session's own year and region (no
session sees another's state), no page errors, no errors in the server log, and the server's
memory is flat after warm-up: the same views again must not make it grow by more than
RSS_TOLERANCE. Measured: step latency (key press until the server has answered that session:
its URL says the new year and the app is idle) during warm-up and after, server RSS before,
after the first loads, after warm-up, after every step of the measured window and at the
end. Figures go to tests/artifacts/soak.json. ``HISTATLAS_SOAK_SESSIONS`` (default 20)
bounds the count; ``HISTATLAS_SOAK_PACK`` serves another pack (e.g. a synthetic one).
Loopback only.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from bench.procstat import tree_rss_mb
from bench.stats import percentile
from events.pack import load_pack
from tests.soak.memory import flat_after_warm_up
from tests.support.browser import LOCAL_HOSTS
from tests.support.server import CHROMIUM_FLAGS, chromium_path, running_server

pytestmark = pytest.mark.soak

SECONDS = float(os.environ.get("HISTATLAS_SOAK_SECONDS", "120"))
PACK = os.environ.get("HISTATLAS_SOAK_PACK")  # default: the built-in pack
SESSIONS = int(os.environ.get("HISTATLAS_SOAK_SESSIONS", "20"))
REGIONS = ("europe", "eastern-europe", "western-europe", "africa", "asia", "latin-america")
STEP_TIMEOUT_MS = 180_000  # one step on a saturated 2-core machine; beyond that it hangs
WAVE = 5  # sessions opened together during warm-up
SWING = 2  # each session moves its year within [start - SWING, start + SWING]
# Flat after warm-up: over the measured window (the same views again) no RSS sample may
# exceed the post-warm-up RSS by more than 8 % of it plus 40 MB, and the last third of the
# samples may not sit higher than the first third by more than half that (a climb). The
# allowance covers what twenty concurrent script runs allocate for a moment (each run gets
# its own copy of st.cache_data values and builds its page and map spec): on 25 Nov
# 2026 samples swung by about 80 MB around a flat level with 20 sessions, and stayed within
# 12 MB over 261 steps with 6.
RSS_TOLERANCE = (0.08, 40.0)
ERROR_WORDS = ("Traceback", "Error", "Exception", "Uncaught")

# The server has answered this session: the URL carries its year and region, the heading
# names the year, and Streamlit's "running" indicator is gone.
ANSWERED = """([year, region, defaults]) => {
    const q = new URLSearchParams(location.search);
    const shownYear = Number(q.get('year') || defaults.year);
    if (shownYear !== year || (q.get('region') || defaults.region) !== region) return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (![...document.querySelectorAll('h4')].some(h => h.textContent.startsWith(year + ':'))) {
        return false;
    }
    const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const doc = map && map.contentDocument;
    return !!doc && doc.querySelectorAll('.leaflet-interactive').length > 0;
}"""
SLIDER_VALUE = "() => Number(document.querySelector('[data-testid=stSlider] input').value)"
RETRY_MS = 15_000  # a press not reflected after this long is checked for a lost input


@dataclass(frozen=True)
class Defaults:
    """The pack's default view: the URL leaves out a year or region equal to these."""

    year: int
    region: str

    def arg(self) -> dict[str, object]:
        return {"year": self.year, "region": self.region}


@dataclass
class Session:
    index: int
    region: str
    start_year: int
    route: Iterator[tuple[int, str]]
    warm_up_latencies: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # the measured window
    lost_inputs: int = 0  # slider presses the app reverted (pressed again)
    mixups: list[str] = field(default_factory=list)  # showed another session's view
    stuck: list[str] = field(default_factory=list)  # no answer within STEP_TIMEOUT_MS
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    dialogs: int = 0


def _plan(defaults: Defaults, first: int, last: int) -> list[Session]:
    sessions = []
    for i in range(SESSIONS):
        year = first + SWING + (i * 7) % max(1, last - first - 2 * SWING)
        if abs(year - defaults.year) <= SWING:  # keep clear of the default year
            year = defaults.year + 2 * SWING + 1
        year = min(year, last - SWING)
        sessions.append(Session(i, REGIONS[i % len(REGIONS)], year, route(year)))
    return sessions


async def _open(browser, url: str, s: Session, defaults: Defaults):
    context = await browser.new_context(viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)  # twenty first loads at once are slow
    page.on("pageerror", lambda exc: s.page_errors.append(str(exc)))

    async def on_dialog(dialog) -> None:  # a dialog is an injected script running: count it
        s.dialogs += 1
        await dialog.dismiss()

    page.on("dialog", on_dialog)

    def note(request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname not in LOCAL_HOSTS:
            s.outside_requests.append(request.url)

    context.on("request", note)
    await page.goto(f"{url}?year={s.start_year}&region={s.region}", wait_until="commit")
    try:
        await page.wait_for_function(ANSWERED, arg=[s.start_year, s.region, defaults.arg()])
    except Exception as exc:
        heads = await page.eval_on_selector_all("h4", "els => els.map(e => e.textContent)")
        s.stuck.append(f"first load of {page.url}: headings {heads} ({exc!s:.80})")
        return None
    return context, page


async def _step(page, s: Session, year: int, key: str, defaults: Defaults) -> bool:
    """Press ``key`` on the slider until the app answers with ``year``; False when stuck."""
    slider = page.get_by_role("slider").first
    await slider.focus()
    await slider.press(key)
    waited = 0
    while waited < STEP_TIMEOUT_MS:
        try:
            await page.wait_for_function(
                ANSWERED, arg=[year, s.region, defaults.arg()], timeout=RETRY_MS
            )
            return True
        except Exception:
            waited += RETRY_MS
        if await page.evaluate(SLIDER_VALUE) != year:  # the app put the slider back
            s.lost_inputs += 1
            await slider.focus()
            await slider.press(key)
    return False


def route(start: int) -> Iterator[tuple[int, str]]:
    """The years a session visits, endlessly: up to start + SWING, down to start - SWING,
    up again...; with the key that moves the slider there. The first 4 * SWING steps visit
    every year of the range and come back to the start: the warm-up."""
    year, direction = start, 1
    while True:
        if abs(year + direction - start) > SWING:
            direction = -direction
        year += direction
        yield year, "ArrowRight" if direction > 0 else "ArrowLeft"


async def _drive(page, s: Session, defaults: Defaults, plan: Plan, measured: bool) -> bool:
    """Step through ``s.route`` for ``plan.warm_up_steps`` steps, or (measured) until the
    deadline, sampling the server's RSS after each measured step. False when stuck."""
    done = 0
    while (time.monotonic() < plan.deadline) if measured else (done < plan.warm_up_steps):
        year, key = next(s.route)
        began = time.perf_counter()
        if not await _step(page, s, year, key, defaults):
            # the finding: a stuck session, or one showing another session's view
            query = parse_qs(urlparse(page.url).query)
            shown_region = query.get("region", [defaults.region])[0]
            shown_year = int(query.get("year", [defaults.year])[0])
            own = shown_region == s.region and abs(shown_year - s.start_year) <= SWING
            (s.stuck if own else s.mixups).append(f"step to {year} in {s.region}: {query}")
            return False
        (s.latencies if measured else s.warm_up_latencies).append(time.perf_counter() - began)
        if measured:
            plan.rss_samples.append(
                (round(time.monotonic() - plan.window_start, 1), tree_rss_mb(plan.server_pid))
            )
        done += 1
    return True


@dataclass
class Plan:
    """Shared by all sessions: how long the run is and where its memory samples go."""

    server_pid: int
    warm_up_steps: int = 4 * SWING
    window_start: float = 0.0
    deadline: float = 0.0
    rss_samples: list[tuple[float, float]] = field(default_factory=list)


async def _all(opened: list, sessions: list[Session], defaults: Defaults, plan: Plan, measured):
    live = [(pair[1], s) for pair, s in zip(opened, sessions, strict=True) if pair is not None]
    await asyncio.gather(*(_drive(page, s, defaults, plan, measured) for page, s in live))


async def _soak(url: str, sessions: list[Session], server_pid: int, defaults: Defaults) -> dict:
    from playwright.async_api import async_playwright

    plan = Plan(server_pid)
    rss = {"before": tree_rss_mb(server_pid)}
    figures: dict = {"rss_mb": rss}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        began = time.perf_counter()
        opened = []
        for wave in range(0, len(sessions), WAVE):  # first loads in waves, not all at once
            batch = sessions[wave : wave + WAVE]
            opened += await asyncio.gather(*(_open(browser, url, s, defaults) for s in batch))
        figures["first_loads_s"] = round(time.perf_counter() - began, 1)
        rss["after_first_loads"] = tree_rss_mb(server_pid)
        await _all(opened, sessions, defaults, plan, measured=False)
        figures["warm_up_s"] = round(time.perf_counter() - began, 1)
        rss["after_warm_up"] = tree_rss_mb(server_pid)
        plan.window_start = time.monotonic()
        plan.deadline = plan.window_start + SECONDS
        await _all(opened, sessions, defaults, plan, measured=True)
        figures["measured_s"] = round(time.monotonic() - plan.window_start, 1)
        rss["end"] = tree_rss_mb(server_pid)
        rss["samples"] = plan.rss_samples
        for pair in opened:
            if pair is not None:
                await pair[0].close()
        await browser.close()
    return figures


def _latency(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p95": None, "max": None}
    return {
        "median": round(statistics.median(values), 3),
        "p95": round(percentile(values, 0.95), 3),
        "max": round(max(values), 3),
    }


def _report(figures: dict, sessions: list[Session], log: Path) -> dict:
    latencies = [t for s in sessions for t in s.latencies]
    figures.update(
        sessions=len(sessions),
        swing_years=SWING,
        seconds=SECONDS,
        warm_up_steps=sum(len(s.warm_up_latencies) for s in sessions),
        steps=len(latencies),
        steps_per_session_min=min(len(s.latencies) for s in sessions),
        warm_up_step_latency_s=_latency([t for s in sessions for t in s.warm_up_latencies]),
        step_latency_s=_latency(latencies),
        rss_verdict=flat_after_warm_up(
            figures["rss_mb"]["after_warm_up"],
            [mb for _, mb in figures["rss_mb"]["samples"]] + [figures["rss_mb"]["end"]],
            RSS_TOLERANCE,
        ),
        lost_inputs=sum(s.lost_inputs for s in sessions),
        mixups=[m for s in sessions for m in s.mixups],
        stuck=[m for s in sessions for m in s.stuck],
        page_errors=[e for s in sessions for e in s.page_errors],
        dialogs=sum(s.dialogs for s in sessions),
        outside_requests=sorted({u for s in sessions for u in s.outside_requests}),
        load_average_1min=os.getloadavg()[0],  # other work on the machine during the run
        server_log_errors=[
            row for row in log.read_text().splitlines() if any(w in row for w in ERROR_WORDS)
        ],
    )
    return figures


def test_twenty_viewers_keep_their_own_view(artifacts_dir: Path) -> None:
    pack = load_pack(Path(PACK) if PACK else None)
    first, last = pack.manifest.horizon.start.value.year, pack.manifest.horizon.end.value.year
    defaults = Defaults(pack.manifest.default_view.year, pack.manifest.default_view.region)
    sessions = _plan(defaults, first, last)
    env = {"HISTATLAS_PACK": str(Path(PACK).resolve())} if PACK else None
    with running_server(artifacts_dir, env=env) as server:
        figures = asyncio.run(_soak(server.url, sessions, server.process.pid, defaults))
        figures = _report(figures, sessions, server.log)
    (artifacts_dir / "soak.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))

    assert figures["mixups"] == [], "every session saw its own year and region after each step"
    assert figures["stuck"] == [], f"every step answered within {STEP_TIMEOUT_MS / 1000:.0f} s"
    assert figures["page_errors"] == []
    assert figures["server_log_errors"] == []
    assert figures["outside_requests"] == [], "loopback only"
    assert figures["dialogs"] == 0
    assert figures["steps_per_session_min"] >= 3, "every session kept moving"
    # Every view was visited during warm-up: the same views again must not grow memory.
    assert figures["rss_verdict"]["flat"], figures["rss_verdict"]
