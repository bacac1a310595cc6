"""The process ``histatlas serve`` starts: Streamlit's command line, plus a warm-up.

``python -m dashboard.cli.serve_main run dashboard/app.py --server.port ...`` is ``python -m
streamlit ...`` with one addition: once the server is up, a background thread imports the
app's modules and computes the default view (pack, shapes, layers) into the same caches the
app's first run reads, so the first visitor does not wait for them. A failed warm-up is only
logged: the first visitor then computes the view as usual.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

READY_TIMEOUT_S = 60.0


def warm_default_view() -> None:
    """Compute what the app's first run needs for the default view of the default pack."""
    # Not streamlit_folium: a component must be declared by the app's own run, else
    # Streamlit serves its frame as 404.
    import folium  # noqa: F401

    from dashboard import data
    from dashboard.map import mapview  # noqa: F401  (imported so the first run need not)
    from dashboard.panels import sources  # noqa: F401
    from dashboard.view import context as viewcontext
    from dashboard.view import url

    packs = data.offered_packs()
    default = next(iter(packs))
    path = packs[default]
    pack = data.pack(path)
    ctx = viewcontext.dashboard_context(pack, packs, default)
    view, _ = url.parse_query({}, ctx)
    choice = data.TimeChoice(view.year, view.day)
    data.shapes_on(choice.border_day)
    data.view_layers(path, choice, view.layers, view.focus)
    data.record_points(path)


def _warm_when_ready() -> None:
    from streamlit import runtime
    from streamlit.logger import get_logger

    log = get_logger("histatlas.warmup")  # Streamlit's handler and level: in the server log
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.1)
    from dashboard.data import NO_CONTEXT_LOGGER  # cached functions warn outside a run

    quiet = logging.getLogger(NO_CONTEXT_LOGGER)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    began = time.perf_counter()
    try:
        warm_default_view()
        log.info("default view warmed in %.1f s", time.perf_counter() - began)
    except Exception:  # the first visitor computes it instead
        log.exception("warming the default view failed")
    finally:
        quiet.setLevel(level)


def main(argv: list[str]) -> int:
    from streamlit.web import cli

    threading.Thread(target=_warm_when_ready, name="histatlas-warmup", daemon=True).start()
    sys.argv = ["streamlit", *argv]
    return int(cli.main(prog_name="streamlit") or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
