"""The built-in gazetteer, loaded once per process (its record types are in geodata.model)."""

from __future__ import annotations

from functools import cache

from geodata import cachedir, mapstore
from geodata.model import (
    DATE_PRECISIONS,
    HORIZON_START,
    OWNERLESS,
    PRECISIONS,
    STATUSES,
    Capital,
    Gazetteer,
    Period,
    Polity,
    PolityState,
    Recipe,
)
from geodata.paths import CLIPS_DIR, GAZETTEER_DIR

__all__ = [
    "CLIPS_DIR",
    "DATE_PRECISIONS",
    "GAZETTEER_DIR",
    "HORIZON_START",
    "OWNERLESS",
    "PRECISIONS",
    "STATUSES",
    "Capital",
    "Gazetteer",
    "Period",
    "Polity",
    "PolityState",
    "Recipe",
    "load_gazetteer",
]


@cache
def load_gazetteer() -> Gazetteer:
    """The built-in gazetteer (every ``data/gazetteer/*.yaml``), cached for the process."""
    # Imported here: a process that finds its maps in the map store never reads the YAML
    # (nor imports its parser), which is most of a cold start.
    from geodata.gazetteer_io import load_files

    files = sorted(GAZETTEER_DIR.glob("*.yaml"))
    mapstore.note_files(GAZETTEER_DIR, files)
    return load_files(
        files, clips_dir=CLIPS_DIR, strict_owners=False, cache_dir=cachedir.cache_dir()
    )
