"""Run every ``bench/*_bench.py`` (each exposes ``run() -> dict``), print a table, write JSON.

``python -m bench`` runs all of them; ``python -m bench dashboard`` only those whose module
name contains "dashboard". Results go to bench/results.json (git-ignored).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def modules(selectors: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("*_bench.py"))
    return [n for n in names if not selectors or any(s in n for s in selectors)]


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        rows: list[tuple[str, Any]] = []
        for key, inner in value.items():
            rows += flatten(inner, f"{prefix}.{key}" if prefix else str(key))
        return rows
    return [(prefix, value)]


def main(argv: list[str]) -> int:
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    failed = False
    for name in modules(argv):
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            result = module.run()
        except Exception:  # a failing benchmark is reported, the others still run
            traceback.print_exc()
            result, failed = {"error": traceback.format_exc(limit=1).strip()}, True
        result = {"seconds": round(time.perf_counter() - start, 1), **result}
        results[name] = result
        for key, value in flatten(result):
            print(f"  {key:<60} {value}")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
