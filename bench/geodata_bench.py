"""Timings of the political map: cold starts (map cache absent / present), new periods, warm.

Every measurement runs in a fresh interpreter with its own ``XDG_CACHE_HOME`` (a temporary
folder), so the state of the caches is known: "absent" = nothing cached at all (first run
after install: YAML gazetteer, GeoJSON base, recipes, simplification), "present" = the map
cache already holds the day's period (what ``python -m geodata.precompute`` leaves behind).
The machine's load average is recorded with the figures: they scale with it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YEARS = (1880, 1960, 1985, 1795)

# Timed from before the first import to the map in hand; the parent also times the process.
COLD = """
import time
t = time.perf_counter()
from datetime import date
from geodata.geometry import {api}
{api}(date({year}, 6, 1), tolerance={tolerance})
print(time.perf_counter() - t)
"""

# Periods not built yet, then warm calls, in one process with the given cache folder.
PERIODS = """
import json, random, time
from datetime import date, timedelta
t = time.perf_counter()
from geodata.geometry import political_map
political_map(date(1772, 1, 1))
start_up = time.perf_counter() - t
rng = random.Random({seed})
days = [date(1772, 1, 1) + timedelta(days=rng.randrange(0, 80_000)) for _ in range({samples})]
first, warm, simplified = [], [], []
for day in days:
    t = time.perf_counter(); political_map(day); first.append(time.perf_counter() - t)
for day in days:
    t = time.perf_counter(); political_map(day); warm.append(time.perf_counter() - t)
for day in days[:{simplified}]:
    t = time.perf_counter(); political_map(day, tolerance=0.05)
    simplified.append(time.perf_counter() - t)
print(json.dumps({{"first": first, "warm": warm, "simplified": simplified}}))
"""


def stats(samples: list[float]) -> dict[str, float]:
    """Median and 95th percentile (nearest rank) in milliseconds; n for small samples."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[rank] * 1000, 1),
        "n": len(ordered),
    }


def _python(code: str, cache: Path) -> tuple[str, float]:
    """Run ``code`` in a fresh interpreter with ``cache`` as XDG_CACHE_HOME: (stdout, wall s)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return out.stdout.strip().splitlines()[-1], time.perf_counter() - start


def _cold_runs(
    api: str, tolerance: float | None, runs: int, cache: Path | None, scratch: Path
) -> dict[str, dict[str, float]]:
    """``runs`` cold starts; each in an empty cache folder when ``cache`` is None."""
    inside, wall = [], []
    for index in range(runs):
        year = YEARS[index % len(YEARS)]
        folder = cache or Path(tempfile.mkdtemp(dir=scratch))
        code = COLD.format(api=api, year=year, tolerance=tolerance)
        text, seconds = _python(code, folder)
        inside.append(float(text))
        wall.append(seconds)
    return {"in_process": stats(inside), "process_wall": stats(wall)}


def cold_start(runs: int = 6) -> dict[str, Any]:
    """Cold starts of ``political_map`` (exact and at 0.05) and of ``map_features`` (0.05),
    with every cache absent and with the map cache present for the day."""
    results: dict[str, Any] = {"load_before": _load()}
    with tempfile.TemporaryDirectory(prefix="histatlas-bench-") as tmp:
        scratch = Path(tmp)
        present = scratch / "present"
        for year in YEARS:  # fill the map cache for every day measured below
            for tolerance in (None, 0.05):
                code = COLD.format(api="political_map", year=year, tolerance=tolerance)
                _python(code, present)
        for api, tolerance in (
            ("political_map", None),
            ("political_map", 0.05),
            ("map_features", 0.05),
        ):
            name = f"{api}_{'exact' if tolerance is None else tolerance}"
            results[name] = {
                "cache_present": _cold_runs(api, tolerance, runs, present, scratch),
                "cache_absent": _cold_runs(api, tolerance, runs, None, scratch),
            }
    results["load_after"] = _load()
    # The headline (bench/report.py's "fresh interpreter" row): the dashboard's map, stored
    # (dashboard/data.py reads map_features; political_map is measured beside it).
    headline = results["map_features_0.05"]["cache_present"]["in_process"]
    return {**headline, "headline": "map_features_0.05.cache_present.in_process", **results}


def periods(samples: int = 40, simplified: int = 15, seed: int = 4) -> dict[str, Any]:
    """First call for a period (map cache empty, then filled by that run), warm calls."""
    with tempfile.TemporaryDirectory(prefix="histatlas-bench-") as tmp:
        code = PERIODS.format(seed=seed, samples=samples, simplified=simplified)
        empty = json.loads(_python(code, Path(tmp))[0])
        filled = json.loads(_python(code, Path(tmp))[0])
    return {
        "first_call_for_a_period": stats(empty["first"]),  # computed: nothing stored
        "first_call_for_a_period_cache_filled": stats(filled["first"]),
        "first_simplified_0.05": stats(empty["simplified"]),
        "first_simplified_0.05_cache_filled": stats(filled["simplified"]),
        "warm": stats(empty["warm"] + filled["warm"]),
    }


def _load() -> float:
    return round(os.getloadavg()[0], 1)


def run() -> dict[str, Any]:
    """Everything above, with the load average of the machine (other jobs slow it down)."""
    load = [_load()]
    result = {"cold_start": cold_start(), **periods(), "cpus": os.cpu_count() or 0}
    return {**result, "load_average_1min": [*load, _load()]}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
