"""Pack benchmarks: load, validate and slice the default pack and synthetic 10k/100k packs.

Each pack is measured in its own child process so its peak RSS is its own. Times are
median and p95 over repeated runs (``HISTATLAS_BENCH_RUNS`` scales the run counts), wall
clock with the CPU time beside it (on a machine busy with other work the CPU time is what
the run would take alone). The synthetic packs are generated into a temporary directory by
bench.synthetic_pack. The output states whether issue 7's budgets for the 100,000-record
pack (load <= 10 s, memory <= 2 GB) are met.

Loading pauses the cyclic garbage collector; the first full collection after a big load
walks every object of the pack once, so it is timed on its own (``first_gc_after_load``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# (name, records or None for the built-in pack, runs of load/validate)
PACKS: tuple[tuple[str, int | None, int], ...] = (
    ("default", None, 20),
    ("synthetic-10k", 10_000, 5),
    ("synthetic-100k", 100_000, 3),
)
SLICE_YEARS = tuple(range(1850, 2000, 10))
CHILD_TIMEOUT = 3600
LOAD_BUDGET_S = 10.0  # issue 7: a 100,000-record pack loads in at most 10 s
MEMORY_BUDGET_MB = 2048.0


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; p95 of 3 runs is close to their max."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(seconds: list[float], cpu: list[float] | None = None) -> dict[str, float | int]:
    """Wall-clock median and p95; with ``cpu``, the median CPU time too (on a busy machine
    the CPU time is what the same run would take alone). Kept to the microsecond: a slice
    of a small pack takes less than 0.1 ms."""
    figures: dict[str, float | int] = {
        "median_s": round(statistics.median(seconds), 6),
        "p95_s": round(percentile(seconds, 0.95), 6),
        "runs": len(seconds),
    }
    if cpu:
        figures["median_cpu_s"] = round(statistics.median(cpu), 6)
    return figures


class _Timer:
    """Wall-clock and CPU seconds of each call."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, func: Callable[[], Any], runs: int = 1) -> Any:
        result = None
        for _ in range(runs):
            result = None  # the previous result is freed first: one pack in memory at a time
            wall, cpu = time.perf_counter(), time.process_time()
            result = func()
            self.cpu.append(time.process_time() - cpu)
            self.wall.append(time.perf_counter() - wall)
        return result

    def summary(self) -> dict[str, float | int]:
        return summary(self.wall, self.cpu)


def _rss_mb() -> float:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return float("nan")


def measure(path: Path | None, runs: int) -> dict[str, Any]:
    """Time load, validate, as_of and in_year on one pack, in this process."""
    from events.pack import PackError, load_pack, validate_pack
    from events.timeslice import as_of, in_year

    result: dict[str, Any] = {"rss_before_mb": round(_rss_mb(), 1)}
    load = _Timer()
    try:
        pack = load(lambda: load_pack(path), runs)
    except PackError as exc:
        result["refused"] = str(exc.problems[0])
        return result
    result["records"] = len(pack.events) + len(pack.relationships) + len(pack.organisations)
    result["load"] = load.summary()
    result["rss_with_pack_mb"] = round(_rss_mb(), 1)
    result["peak_rss_load_mb"] = _peak_rss_mb()
    result["first_gc_after_load"] = _first_collection()
    validate = _Timer()
    validate(lambda: validate_pack(path), max(1, runs // 2))
    result["validate"] = validate.summary()
    slicers: dict[str, Callable[[int], Any]] = {
        "as_of": lambda year: as_of(pack, date(year, 7, 1)),
        "in_year": lambda year: in_year(pack, year),
    }
    for name, slicer in slicers.items():
        timer = _Timer()
        for year in SLICE_YEARS:  # every tenth year once (slices of different sizes)
            timer(partial(slicer, year))
        timer(partial(slicer, 1950), max(3, runs))  # then one year repeatedly
        result[name] = timer.summary()
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM, which starts afresh at exec. (ru_maxrss keeps the
    parent's figure across fork and exec, so a child of a big ``python -m bench`` run would
    report the parent's size.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _first_collection() -> dict[str, float | int]:
    """Seconds of the full collection that follows a load, and the objects it walked."""
    start = time.perf_counter()
    gc.collect()
    return {"seconds": round(time.perf_counter() - start, 3), "objects": len(gc.get_objects())}


def _child(path: Path | None, runs: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.pack_bench", "--child", "--runs", str(runs)]
    if path is not None:
        command += ["--pack", str(path)]
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["child failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _scale(runs: int) -> int:
    factor = float(os.environ.get("HISTATLAS_BENCH_RUNS", "1"))
    return max(1, round(runs * factor))


def run() -> dict[str, Any]:
    """Measure every pack in PACKS; synthetic packs are generated into a temp dir first."""
    from bench.synthetic_pack import generate

    results: dict[str, Any] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="histatlas-bench-") as tmp:
        for name, records, runs in PACKS:
            path = None
            entry: dict[str, Any] = {}
            if records is not None:
                start = time.perf_counter()
                path = generate(records, Path(tmp) / name)
                entry["generate_s"] = round(time.perf_counter() - start, 2)
                entry["bytes"] = sum(f.stat().st_size for f in path.iterdir())
            entry.update(_child(path, _scale(runs)))
            results[name] = entry
    found = {
        "packs": results,
        "budgets": budgets(results.get("synthetic-100k", {})),
        "load_average_1min": os.getloadavg()[0],
        "load_average_1min_before": load_before,
    }
    found["verdicts"] = verdicts(found)
    return found


def budgets(big: dict[str, Any]) -> dict[str, Any]:
    """Issue 7's 100k budgets, judged on the median wall-clock load and the peak RSS."""
    found: dict[str, Any] = {"load_100k_s": LOAD_BUDGET_S, "memory_100k_mb": MEMORY_BUDGET_MB}
    if "load" in big:
        found["load_100k_ok"] = big["load"]["median_s"] <= LOAD_BUDGET_S
        found["load_100k_cpu_ok"] = big["load"].get("median_cpu_s", 0.0) <= LOAD_BUDGET_S
        found["memory_100k_ok"] = big["peak_rss_mb"] <= MEMORY_BUDGET_MB
    return found


def verdicts(results: dict[str, Any]) -> list[str]:
    """One line per budget: the figure, the budget, met or MISSED."""
    big = results["packs"].get("synthetic-100k", {})
    found = results["budgets"]
    if "load_100k_ok" not in found:
        return ["budgets: the 100k pack was not measured"]
    load = big["load"]
    return [
        f"budget 100k load <= {LOAD_BUDGET_S:.0f} s: median {load['median_s']:.2f} s wall "
        f"(p95 {load['p95_s']:.2f} s, CPU {load.get('median_cpu_s', float('nan')):.2f} s) - "
        + ("met" if found["load_100k_ok"] else "MISSED"),
        f"budget 100k memory <= {MEMORY_BUDGET_MB:.0f} MB: peak RSS {big['peak_rss_mb']:.0f} MB"
        f" ({big['peak_rss_load_mb']:.0f} MB after the loads) - "
        + ("met" if found["memory_100k_ok"] else "MISSED"),
    ]


def table(results: dict[str, Any]) -> str:
    """A plain-text table of the figures (median / p95 seconds, peak RSS)."""
    rows = [
        f"{'pack':<16}{'records':>9}{'load':>16}{'load CPU':>10}{'validate':>16}{'as_of':>16}"
        f"{'in_year':>16}{'peak RSS':>11}{'1st GC':>9}"
    ]
    for name, entry in results["packs"].items():
        shown = entry
        if "load" not in shown:
            rows.append(f"{name:<16}  {entry.get('refused') or entry.get('error')}")
            continue
        cells = [
            f"{shown[k]['median_s']:.3f}/{shown[k]['p95_s']:.3f}"
            for k in ("load", "validate", "as_of", "in_year")
        ]
        cpu = shown["load"].get("median_cpu_s", float("nan"))
        rows.append(
            f"{name:<16}{shown['records']:>9}{cells[0]:>16}{cpu:>10.3f}"
            + "".join(f"{c:>16}" for c in cells[1:])
            + f"{shown['peak_rss_mb']:>8.0f} MB"
            + f"{shown['first_gc_after_load']['seconds']:>9.3f}"
        )
    rows.append(
        "seconds as wall median/p95 over repeated runs (load CPU: median); peak RSS of the "
        "measuring process; 1st GC: the full collection after loading"
    )
    rows += verdicts(results)
    rows.append(
        f"load average (1 min) {results.get('load_average_1min_before', float('nan')):.1f} "
        f"before, {results['load_average_1min']:.1f} after"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pack_bench", description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pack", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.pack, args.runs)))
        return 0
    results = run()
    print(table(results))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
