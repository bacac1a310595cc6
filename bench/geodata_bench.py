"""Timings of the political map: cold start in a fresh process, warm calls, new periods."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

COLD = """
import time
t = time.perf_counter()
from datetime import date
from geodata.geometry import political_map
political_map(date({year}, 6, 1))
print(time.perf_counter() - t)
"""


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
    }


def cold_start(years: tuple[int, ...] = (1880, 1960)) -> dict[str, float]:
    """Import, load base and gazetteer, build one day's map: each in a fresh interpreter."""
    samples = []
    for year in years:
        out = subprocess.run(
            [sys.executable, "-c", COLD.format(year=year)],
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return _stats(samples)


def run(samples: int = 60, seed: int = 4) -> dict[str, Any]:
    """median/p95 of: cold start; warm calls on random days of already-built periods;
    first call for a period not built yet; the same with tolerance 0.05 (a zoomed-out map)."""
    from geodata.geometry import political_map

    rng = random.Random(seed)
    start = date(1772, 1, 1)
    days = [start + timedelta(days=rng.randrange(0, 80_000)) for _ in range(samples)]
    new_period, warm, simplified = [], [], []
    for day in days:
        t = time.perf_counter()
        political_map(day)
        new_period.append(time.perf_counter() - t)
    for day in days:
        t = time.perf_counter()
        political_map(day + timedelta(days=0))
        warm.append(time.perf_counter() - t)
    for day in days[:20]:
        t = time.perf_counter()
        political_map(day, tolerance=0.05)
        simplified.append(time.perf_counter() - t)
    return {
        "cold_start": cold_start(),
        "first_call_for_a_period": _stats(new_period),
        "warm": _stats(warm),
        "first_simplified_0.05": _stats(simplified),
    }


if __name__ == "__main__":
    print(run())
