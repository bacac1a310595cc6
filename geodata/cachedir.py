"""Where histatlas keeps its user cache: platformdirs' user cache folder for "histatlas".

On Linux that is ``$XDG_CACHE_HOME/histatlas`` (default ``~/.cache/histatlas``); on macOS
``~/Library/Caches/histatlas``; on Windows the local app data folder. Nothing is created
here: a writer that finds the folder unusable falls back on its own terms (the map store
goes without, ``histatlas serve`` uses a temporary folder and says so).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs


def cache_dir() -> Path:
    """The user cache folder of histatlas (read afresh: tests and servers set XDG_CACHE_HOME)."""
    return Path(platformdirs.user_cache_dir("histatlas", appauthor=False))
