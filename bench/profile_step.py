"""Where a slider step's server time goes: the dashboard script run once under cProfile.

``python -m bench.profile_step [--pack DIR] [--year 1955] [--cold]`` runs dashboard/app.py
in Streamlit's bare mode (no server, no browser): once to load the pack and fill caches, then
once more under cProfile (``--cold`` clears the per-view layer cache first, as for a year
nobody has opened yet) and prints the wall time and the heaviest histatlas, Streamlit,
pandas and Altair functions by cumulative time. A diagnostic, not a benchmark: ``make bench``
does not run it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from pathlib import Path

OURS = r"(dashboard|events|geodata)/|altair|streamlit_folium|pandas/core/frame|elements"


def _quiet() -> None:
    """Bare mode warns on every widget call; keep the profile readable."""
    logging.disable(logging.WARNING)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_step", description=__doc__)
    parser.add_argument("--pack", type=Path, help="pack directory (default: the built-in pack)")
    parser.add_argument("--year", type=int, help="year to show (default: the pack's)")
    parser.add_argument("--cold", action="store_true", help="clear the view-layer cache first")
    parser.add_argument("--top", type=int, default=40, help="rows of the profile to print")
    args = parser.parse_args(argv)
    if args.pack is not None:
        os.environ["HISTATLAS_PACK"] = str(args.pack.resolve())
    _quiet()
    import streamlit as st

    if args.year is not None:
        st.query_params["year"] = str(args.year)
    began = time.perf_counter()
    from dashboard import app, data  # importing app runs the script once

    app_ran = getattr(app, "main", None)
    print(f"first run (imports, pack load, caches): {time.perf_counter() - began:.2f} s")
    if app_ran is None:
        return 1
    if args.cold:
        data.view_layers.clear()
    profile = cProfile.Profile()
    began = time.perf_counter()
    profile.enable()
    app.main()
    profile.disable()
    print(f"profiled run: {time.perf_counter() - began:.2f} s")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(OURS, args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
