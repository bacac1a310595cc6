"""Slider-step benchmark: histatlas against a typical folium app, world view, default pack.

Measures (1) what the map component is sent per year (AppTest, in process), (2) the
browser time and bytes of each step 1951-1958 for both apps on real servers, warm (a
first pass through the same years fills the caches), median and p95, and the ratio of the
mean step times, (3) steps between two years whose map is the same (bytes sent), (4) the
same years stepped with the map's own time control (issue 17): key press to map redrawn,
to page settled, bytes, and the server's CPU per step (its process tree, from /proc) beside
the CPU of a step through the page's slider.
Budgets from issue 7: unchanged step < 5 KB, changed step <= 500 KB, ratio <= 0.3; from
issue 17: map redrawn <= 100 ms and <= 0.1x the naive step, server CPU <= 50 ms a step.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench.capacity_bench import cpu_seconds
from bench.procstat import tree
from bench.stats import seconds_summary
from bench.stepper import NetLog, Step, open_app, step_in_map, step_through, wait_for_frames
from tests.support.server import REPO, launch_chromium, running_server, streamlit_server

YEARS = list(range(1951, 1959))
START = 1950
REGION = "world"  # the default pack opens on eastern-europe; the budgets are for the world
# Years whose next year shows the same map (no border change between 1 July of each, no
# record beginning or ending in either): found with events.timeslice.change_years and the
# gazetteer's change dates; the run checks that the map payloads really are equal.
QUIET = (1929, 1933)
APP = REPO / "dashboard" / "app.py"
NAIVE = REPO / "bench" / "naive_app.py"
UNCHANGED_BUDGET = 5_000
CHANGED_BUDGET = 500_000
RATIO_BUDGET = 0.3
REDRAW_BUDGET = 0.1  # s, key press to map redrawn (issue 17)
REDRAW_RATIO_BUDGET = 0.1
SERVER_CPU_BUDGET = 0.05  # s of the server's CPU a step


def component_payloads(years: list[int]) -> dict[int, dict[str, Any]]:
    """Per year: the map component's arguments as the app sends them (AppTest)."""
    from streamlit.testing.v1 import AppTest

    found: dict[int, dict[str, Any]] = {}
    for year in years:
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.query_params["year"] = str(year)
        at.query_params["region"] = REGION
        at.run()
        component = next(
            el
            for el in at.get("component_instance")
            if el.proto.component_name == "streamlit_folium.st_folium"
        )
        args = json.loads(component.proto.json_args)
        found[year] = {
            "json_args_bytes": len(component.proto.json_args.encode()),
            "feature_group": args["feature_group"],
            "script_bytes": len(args["script"].encode()),
        }
    return found


def _summary(steps: list[Step]) -> dict[str, Any]:
    return {
        **seconds_summary([s.seconds for s in steps]),
        "bytes_median": int(statistics.median(s.bytes for s in steps)),
        "bytes_max": max(s.bytes for s in steps),
        "steps": {str(s.year): {"s": round(s.seconds, 3), "bytes": s.bytes} for s in steps},
    }


def _measure(
    browser, url: str, *, naive: bool, expected: dict[int, str] | None, server=None
) -> tuple[list[Step], list[str], float | None]:
    warm = NetLog()
    context, page = open_app(browser, url, warm, naive=naive)
    step_through(page, warm, YEARS, naive=naive, expected=expected)  # warm-up pass
    context.close()
    net = NetLog()
    context, page = open_app(browser, url, net, naive=naive)
    before = cpu_seconds(tree(server.process.pid)) if server else 0.0
    steps = step_through(page, net, YEARS, naive=naive, expected=expected)
    cpu = (cpu_seconds(tree(server.process.pid)) - before) / len(steps) if server else None
    context.close()
    return steps, net.outside(), cpu


def _in_map(browser, url: str, server) -> tuple[list[Step], float]:
    """The same years with the map's own slider (keys), after a pass that fetched them."""
    for _pass in ("warm-up", "measured"):
        net = NetLog()
        context, page = open_app(browser, url, net, naive=False)
        wait_for_frames(page, START)
        before = cpu_seconds(tree(server.process.pid))
        steps = step_in_map(page, net, YEARS)
        # What the server did for these steps: the reports and their page updates.
        cpu = (cpu_seconds(tree(server.process.pid)) - before) / len(steps)
        context.close()
    return steps, cpu


def _naive_script(where: Path) -> Path:
    """The baseline app beside a link to the dashboard's static folder (Leaflet, offline)."""
    folder = where / "naive"
    folder.mkdir(exist_ok=True)
    script = folder / NAIVE.name
    shutil.copyfile(NAIVE, script)
    (folder / "static").symlink_to(APP.parent / "static", target_is_directory=True)
    return script


def _quiet_steps(browser, url: str, payloads: dict[int, dict[str, Any]]) -> list[Any]:
    """One step from each quiet year to the next, where the map must not change."""
    found = []
    for year in QUIET:
        if payloads[year]["feature_group"] != payloads[year + 1]["feature_group"]:
            continue
        net = NetLog()
        view = f"{url}?year={year}&region={REGION}"
        context, page = open_app(browser, view, net, naive=False)
        expect = {year + 1: payloads[year + 1]["feature_group"]}
        step_through(page, net, [year + 1], naive=False, expected=expect)  # warm the year
        context.close()
        net = NetLog()
        context, page = open_app(browser, view, net, naive=False)
        # Steady state: the map knows the decade files of both years (a decade's first visit
        # makes its file, and the map learns of it once).
        wait_for_frames(page, year, also=(year + 1,))
        net.total = 0
        found += step_through(page, net, [year + 1], naive=False, expected=expect)
        context.close()
    return found


def _browse(payloads: dict[int, dict[str, Any]], logs: Path) -> tuple[Any, ...]:
    """Both apps on real servers (default pack), one Chromium."""
    from playwright.sync_api import sync_playwright

    expected = {year: payloads[year]["feature_group"] for year in YEARS}
    no_pack = {"HISTATLAS_PACK": None}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        with running_server(logs, env=no_pack) as server:
            view = f"{server.url}?year={START}&region={REGION}"
            ours, outside, cpu = _measure(
                browser, view, naive=False, expected=expected, server=server
            )
            quiet = _quiet_steps(browser, server.url, payloads)
            in_map, in_map_cpu = _in_map(browser, view, server)
        with streamlit_server(_naive_script(logs), logs, env=no_pack) as server:
            naive, _, _ = _measure(browser, server.url, naive=True, expected=None)
        browser.close()
    return ours, outside, quiet, naive, (in_map, in_map_cpu, cpu)


def run() -> dict[str, Any]:
    quiet_years = [y for q in QUIET for y in (q, q + 1)]
    payloads = component_payloads([START, *YEARS, *quiet_years])
    changed = {y: payloads[y]["feature_group"] != payloads[y - 1]["feature_group"] for y in YEARS}
    logs = Path(tempfile.mkdtemp(prefix="histatlas-bench-"))
    ours, outside, quiet, naive, (in_map, in_map_cpu, slider_cpu) = _browse(payloads, logs)
    for step in ours:
        step.changed = changed[step.year]
    unchanged_bytes = [s.bytes for s in ours if not s.changed] + [s.bytes for s in quiet]
    changed_bytes = [s.bytes for s in ours if s.changed]
    ratio = statistics.mean(s.seconds for s in ours) / statistics.mean(s.seconds for s in naive)
    median_ratio = statistics.median(s.seconds for s in ours) / statistics.median(
        s.seconds for s in naive
    )
    return {
        "load_average_1min": round(os.getloadavg()[0], 2),
        "region": REGION,
        "component": {
            str(y): {"json_args_bytes": v["json_args_bytes"], "script_bytes": v["script_bytes"]}
            for y, v in payloads.items()
        },
        "histatlas": {
            **_summary(ours),
            "changed_years": [s.year for s in ours if s.changed],
            "unchanged_steps": {
                f"{s.year - 1}-{s.year}": {"s": round(s.seconds, 3), "bytes": s.bytes}
                for s in quiet
            },
            "max_unchanged_step_bytes": max(unchanged_bytes, default=0),
            "max_changed_step_bytes": max(changed_bytes, default=0),
            "requests_leaving_localhost": outside,
        },
        "server_cpu_per_slider_step_s": round(slider_cpu or 0.0, 4),
        "in_map": {
            **_summary(in_map),
            "redrawn": seconds_summary([s.redrawn or 0.0 for s in in_map]),
            "redrawn_as_driver_saw": seconds_summary([s.redrawn_wall or 0.0 for s in in_map]),
            "server_cpu_per_step_s": round(in_map_cpu, 4),
            "redrawn_ratio_to_naive_step": round(
                statistics.median(s.redrawn or 0.0 for s in in_map)
                / statistics.median(s.seconds for s in naive),
                4,
            ),
        },
        "naive": _summary(naive),
        "ratio_mean_step": round(ratio, 3),
        "ratio_median_step": round(median_ratio, 3),
        "budgets_met": {
            "unchanged_step_under_5kb": max(unchanged_bytes, default=0) < UNCHANGED_BUDGET,
            "changed_step_at_most_500kb": max(changed_bytes, default=0) <= CHANGED_BUDGET,
            "ratio_at_most_0.3": ratio <= RATIO_BUDGET,
            "map_redrawn_within_100ms": max(s.redrawn or 1.0 for s in in_map) <= REDRAW_BUDGET,
            "map_redrawn_at_most_0.1x_naive": statistics.median(s.redrawn or 1.0 for s in in_map)
            <= REDRAW_RATIO_BUDGET * statistics.median(s.seconds for s in naive),
            "server_cpu_at_most_50ms_a_step": in_map_cpu <= SERVER_CPU_BUDGET,
        },
    }
