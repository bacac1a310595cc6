"""Run every ``bench/*_bench.py`` (each exposes ``run() -> dict``), print a table, write JSON.

``python -m bench`` runs all of them; ``python -m bench pack coldstart`` only those named
(``pack`` is pack_bench, not bigpack_bench; a word that names no module selects every module
containing it); ``python -m bench --table`` only prints the table of
bench/results.json. Each run also writes the table as docs/benchmarks-latest.md. Each
module's entry in bench/results.json is replaced by its new run (with the time it was
measured and the load average), the others are kept, so the table always shows every bench
and says when each one ran.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import markdown, render

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
DOCS = HERE.parent / "docs" / "benchmarks-latest.md"  # the same figures for people


def modules(selectors: list[str]) -> list[str]:
    """Bench modules to run: all, or per selector the module of that exact name (with or
    without ``_bench``), else every module whose name contains it."""
    names = sorted(p.stem for p in HERE.glob("*_bench.py"))
    chosen: set[str] = set()
    for selector in selectors:
        exact = [n for n in names if selector in (n, n.removesuffix("_bench"))]
        chosen.update(exact or [n for n in names if selector in n])
    return [n for n in names if not selectors or n in chosen]


def run_one(name: str) -> tuple[dict[str, Any], bool]:
    """One bench module's results (an ``error`` entry when it failed) and whether it did."""
    print(f"== {name}", flush=True)
    began = time.perf_counter()
    try:
        result = importlib.import_module(f"bench.{name}").run()
        failed = False
    except Exception:  # a failing benchmark is reported, the others still run
        traceback.print_exc()
        result, failed = {"error": traceback.format_exc(limit=1).strip()}, True
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    extra = {"seconds": round(time.perf_counter() - began, 1), "measured_at": stamp}
    if "load_average_1min" not in result:
        extra["load_average_1min"] = round(os.getloadavg()[0], 2)
    return {**extra, **result}, failed


def _saved() -> dict[str, Any]:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def main(argv: list[str]) -> int:
    failed = False
    if argv != ["--table"]:
        for name in modules(argv):
            result, failed_now = run_one(name)
            failed = failed or failed_now
            # Re-read before writing: another bench run may have saved its entry meanwhile.
            results = _saved()
            results[name] = result
            RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
        print(f"wrote {RESULTS}")
    DOCS.write_text(markdown(_saved(), os.cpu_count()), encoding="utf-8")
    print(f"wrote {DOCS}")
    print(render(_saved()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
