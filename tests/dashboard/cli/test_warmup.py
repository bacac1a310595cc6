"""Warming the default view at server start fills the caches the app's first run reads."""

from __future__ import annotations

import pytest

from dashboard import data
from dashboard.cli import serve_main
from dashboard.settings import PACK_ENV
from tests.dashboard.conftest import MINI_PACK


def test_the_default_view_is_computed_once_and_then_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PACK_ENV, str(MINI_PACK))
    loads: list[object] = []
    real_load = data.load_pack
    monkeypatch.setattr(data, "load_pack", lambda path: loads.append(path) or real_load(path))
    built: list[object] = []
    real_build = data.build_layers
    monkeypatch.setattr(data, "build_layers", lambda inp: built.append(inp) or real_build(inp))
    data.pack.clear()
    data.view_layers.clear()

    serve_main.warm_default_view()
    assert loads == [MINI_PACK]
    assert len(built) == 1
    # What the warm-up computed stays cached: doing it again loads and builds nothing.
    serve_main.warm_default_view()
    assert loads == [MINI_PACK]
    assert len(built) == 1
    data.pack.clear()
    data.view_layers.clear()


def test_streamlit_is_started_through_the_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.cli import serve as cli_serve

    args = type("Args", (), {"port": 8501, "host": "localhost", "base_path": ""})()
    command = cli_serve.streamlit_command(args)
    assert command[1:4] == ["-m", "dashboard.cli.serve_main", "run"]
