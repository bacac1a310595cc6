"""Cold start: from launching ``histatlas serve`` to the first map drawn in headless Chromium.

Each run starts a new server process and opens the bare URL (the default pack's default view)
in a fresh browser context, and stops the clock when histatlas' map has drawn its first view
with every shape fetched and Streamlit is idle (bench/stepper.py ``wait_for_first_map``).
Two conditions, interleaved run by run:

- ``caches_absent``: the server runs from a fresh copy of ``dashboard/`` with ``XDG_CACHE_HOME``
  (where the serve root keeps the content-hashed shape files) pointing
  at an empty folder (no gazetteer JSON cache, no stored political maps);
- ``caches_present``: the same copy and cache folder again, filled by the run before.

Leaflet's vendored copy, Python's bytecode and the operating system's file cache are warm in
both. Reported per condition: median and p95 of server-ready (health answers) and first-map
seconds. The repo's own caches are never touched: other processes may be using them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.stats import seconds_summary
from bench.stepper import VIEWPORT, wait_for_first_map
from tests.support.server import REPO, launch_chromium, running_server

RUNS = 3
PACKAGES_LINKED = ("events", "geodata")  # read-only here: their caches live in XDG_CACHE_HOME


def runs() -> int:
    return max(1, round(RUNS * float(os.environ.get("HISTATLAS_BENCH_RUNS", "1"))))


def checkout(where: Path) -> Path:
    """A folder to run ``python -m dashboard.cli`` from: a copy of ``dashboard/`` with no
    generated shapes, beside links to the repo's ``events/`` and ``geodata/``."""
    root = where / "checkout"
    root.mkdir()
    shutil.copytree(
        REPO / "dashboard", root / "dashboard", ignore=shutil.ignore_patterns("generated")
    )
    for name in PACKAGES_LINKED:
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    return root


def one_start(browser, root: Path, cache: Path, logs: Path) -> dict[str, float]:
    """Seconds from launching the server to its health answer and to the first drawn map."""
    env = {"XDG_CACHE_HOME": str(cache), "HISTATLAS_PACK": None}
    began = time.perf_counter()
    with running_server(logs, env=env, cwd=root) as server:
        ready = time.perf_counter() - began
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(server.url)
        wait_for_first_map(page)
        first_map = time.perf_counter() - began
        context.close()
    served = cache / "histatlas" / "serve" / "static" / "generated"
    if not any(served.rglob("*.json")):
        raise RuntimeError(f"no shapes written to {served}: the cache was not the one measured")
    return {"ready_s": ready, "first_map_s": first_map}


def run() -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[dict[str, float]]] = {"caches_absent": [], "caches_present": []}
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="histatlas-cold-") as tmp, sync_playwright() as p:
        browser = launch_chromium(p)
        for index in range(runs()):
            where = Path(tmp) / f"run-{index}"
            where.mkdir()
            root, cache = checkout(where), where / "cache"
            cache.mkdir()
            samples["caches_absent"].append(one_start(browser, root, cache, where))
            samples["caches_present"].append(one_start(browser, root, cache, where))
            load.append(os.getloadavg()[0])
        browser.close()
    result: dict[str, Any] = {"load_average_1min": [round(x, 2) for x in load]}
    for condition, found in samples.items():
        result[condition] = {
            "ready": seconds_summary([s["ready_s"] for s in found], 2),
            "first_map": seconds_summary([s["first_map_s"] for s in found], 2),
        }
    return result
