"""Year frames for the browser: the decade files each view's map steps through on its own
(dashboard.map.yearframes), made once per server in the background and named to the map by
the server's next update (used by the app's map; see docs/design.md, "Time in the browser").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dashboard import data
from dashboard.map import yearframes
from dashboard.map.assets import AssetUrls
from dashboard.map.mapview import MapView, view_spec
from dashboard.map.shapes import generated_dir

ChunkKey = tuple[object, ...]
LOG = logging.getLogger("histatlas.decades")
NEAR_EDGE = 3  # years from a decade's edge at which the next decade is made too
# Above this many records a year's layers cost a big share of a step (0.7 s at 100,000), so a
# decade made ahead would cost ten steps nobody may take: such packs step through the server.
FRAMES_MAX_RECORDS = 20_000


class FrameChunks:
    """The chunk files made so far (dashboard.map.yearframes), by what they were made from;
    each is made once, in the background, and asked for again by the next run."""

    def __init__(self) -> None:
        self.ready: dict[ChunkKey, str] = {}
        self.failed: set[ChunkKey] = set()
        self._started: set[ChunkKey] = set()
        self._lock = threading.Lock()

    def ask(self, key: ChunkKey, make: Callable[[], str]) -> str | None:
        """The chunk's file name when made; else starts making it and returns None."""
        with self._lock:
            if key in self.ready or key in self._started:
                return self.ready.get(key)
            self._started.add(key)
        data.prefetch_pool().submit(self._make, key, make)
        return None

    def _make(self, key: ChunkKey, make: Callable[[], str]) -> None:
        try:
            name = make()
        except Exception:  # the map still steps through the server; the log says why
            LOG.exception("year frames %s could not be made", key)
            with self._lock:
                self.failed.add(key)
            return
        with self._lock:
            self.ready[key] = name


@st.cache_resource(show_spinner=False)
def frame_chunks() -> FrameChunks:
    """One registry per process (dropped with the other caches when a pack is edited)."""
    return FrameChunks()


def make_chunk(
    path: Path | None, layers: tuple[str, ...], focus: str | None, years: range
) -> dict[str, object]:
    """The encoded chunk of ``years``: each year's view spec as the map would get it."""
    view = MapView(assets=AssetUrls.for_base_path(""))
    specs = {}
    for year in years:
        choice = data.TimeChoice(year)
        built, _ = data.view_layers(path, choice, layers, focus)
        specs[year] = view_spec(built, data.shapes_on(choice.border_day), view)
    return yearframes.encode(specs)


def year_frames(
    path: Path | None,
    layers: tuple[str, ...],
    focus: str | None,
    years: tuple[int, ...],
    horizon: tuple[int, int],
    *,
    start: bool = True,
) -> dict[int, str]:
    """Chunk files ready for the browser ({decade's first year: file}): every one made so
    far for this view. With ``start``, the decades of ``years`` (the year, the first of its
    span) and the next (or previous) one near a decade's edge are started in the background
    when not made yet; the browser asks the server for those years meanwhile. A pack of more
    than FRAMES_MAX_RECORDS records gets none."""
    the_pack = data.pack(path)
    if len(the_pack.events) + len(the_pack.relationships) > FRAMES_MAX_RECORDS:
        return {}
    wanted = []
    for year in years:
        decade = yearframes.chunk_start(year)
        wanted.append(decade)
        if year - decade >= yearframes.CHUNK_YEARS - NEAR_EDGE:
            wanted.append(decade + yearframes.CHUNK_YEARS)
        elif year - decade < NEAR_EDGE:
            wanted.append(decade - yearframes.CHUNK_YEARS)
    chunks = frame_chunks()
    for first in dict.fromkeys(wanted):
        covered = yearframes.chunk_years(first, horizon)
        if not covered:
            continue
        key = (path, layers, focus, first, covered.stop, data.borders())
        root = generated_dir()

        def make(covered: range = covered, root: Path = root) -> str:
            return yearframes.write_chunk(make_chunk(path, layers, focus, covered), root)

        if start:
            chunks.ask(key, make)
    # Every decade made so far for this view: a browser that comes back to one has it.
    return {
        int(key[3]): name  # type: ignore[call-overload]
        for key, name in list(chunks.ready.items())
        if key[:3] == (path, layers, focus) and key[5] == data.borders()
    }
