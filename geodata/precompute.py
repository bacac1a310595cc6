"""Fills the map cache ahead of time (a build step): every period's map, exact and simplified.

``python -m geodata.precompute [--tolerance 0.05 ...] [--years-only] [--jobs N]`` computes
the political map of every stretch between two change dates (or, with ``--years-only``, of
1 July of every year, what the dashboard's year slider shows) and stores it in the map
cache (``geodata.mapstore``), so that a fresh process only reads it. Safe to run again:
stored maps are skipped; a run after the data changed fills a new cache folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date

DEFAULT_TOLERANCES = (0.05,)  # the dashboard's world view (dashboard.data.WORLD_TOLERANCE)
FIRST_YEAR, LAST_YEAR = 1772, 1991


def days_to_store(years_only: bool = False) -> list[date]:
    """One day of every period (the period's first day), or 1 July of every year."""
    from geodata.geometry import period_key
    from geodata.polities import load_gazetteer

    if years_only:
        days = [date(year, 7, 1) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    else:
        days = [date(FIRST_YEAR, 1, 1), *load_gazetteer().change_dates()]
    firsts: dict[object, date] = {}
    for day in days:
        firsts.setdefault(period_key(day), day)
    return sorted(firsts.values())


def store_days(days: list[date], tolerances: tuple[float | None, ...]) -> int:
    """Compute (or read) each day's map at each tolerance; returns how many maps."""
    from geodata.geometry import map_features

    for day in days:
        for tolerance in tolerances:
            map_features(day, tolerance=tolerance)
    return len(days) * len(tolerances)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.precompute", description=__doc__)
    parser.add_argument("--tolerance", type=float, action="append", help="degrees (repeatable)")
    parser.add_argument("--years-only", action="store_true", help="only 1 July of each year")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args(argv)
    tolerances = (None, *(args.tolerance or DEFAULT_TOLERANCES))
    start = time.perf_counter()
    days = days_to_store(args.years_only)
    jobs = max(1, args.jobs)
    size = -(-len(days) // jobs)  # contiguous chunks: neighbouring periods share shapes
    chunks = [days[i : i + size] for i in range(0, len(days), size)]
    if jobs == 1:
        count = store_days(days, tolerances)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            count = sum(pool.map(store_days, chunks, [tolerances] * len(chunks)))
    from geodata import mapstore

    print(
        f"stored {count} maps ({len(days)} periods) in {mapstore.default_root()} "
        f"in {time.perf_counter() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
