"""The user cache folder comes from platformdirs and follows XDG_CACHE_HOME on Linux."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geodata.cachedir import cache_dir


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
def test_cache_follows_xdg_cache_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "histatlas"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "histatlas"


def test_asking_creates_nothing(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache_dir()
    assert not (tmp_path / "cache").exists()
