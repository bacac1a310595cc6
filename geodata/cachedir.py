"""Where histatlas keeps its user cache: ``$XDG_CACHE_HOME/histatlas``."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/histatlas`` (default ``~/.cache/histatlas``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "histatlas"
