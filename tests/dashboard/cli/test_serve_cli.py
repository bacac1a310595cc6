"""`histatlas serve`: its options reach Streamlit and the app (without starting a server)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from dashboard.cli import serve as cli_serve
from dashboard.map.assets import MAP_SCRIPT
from tests.dashboard.conftest import MINI_PACK


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli_serve.register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch, tmp_path) -> list[tuple[list[str], dict[str, str]]]:
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(
        cli_serve.subprocess, "call", lambda cmd, env, cwd: calls.append((cmd, env)) or 0
    )
    return calls


def test_every_pack_given_is_offered_in_order(launched, tmp_path) -> None:
    assert cli_serve.run(parse("--pack", str(MINI_PACK), "--pack", str(tmp_path))) == 0
    ((command, env),) = launched
    assert env[cli_serve.PACK_ENV].split(os.pathsep) == [str(MINI_PACK), str(tmp_path)]
    assert command[command.index("--server.port") + 1] == "8501"


def test_no_pack_means_the_built_in_ones(launched, monkeypatch) -> None:
    monkeypatch.delenv(cli_serve.PACK_ENV, raising=False)
    assert cli_serve.run(parse("--base-path", "/atlas/")) == 0
    ((command, env),) = launched
    assert cli_serve.PACK_ENV not in env
    assert command[command.index("--server.baseUrlPath") + 1] == "atlas"


def test_a_pack_that_is_not_a_directory_is_a_usage_error(launched, tmp_path, capsys) -> None:
    missing = tmp_path / "nowhere"
    assert cli_serve.run(parse("--pack", str(MINI_PACK), "--pack", str(missing))) == 2
    assert f"--pack {missing}: not a directory" in capsys.readouterr().err
    assert launched == []


def test_the_app_runs_from_a_serve_root_in_the_user_cache(launched, tmp_path) -> None:
    """Streamlit serves static/ beside its entry script: the entry and static/ are written
    to the cache, never into the package."""
    assert cli_serve.run(parse()) == 0
    ((command, env),) = launched
    root = tmp_path / "cache" / "histatlas" / "serve"
    entry = root / "app.py"
    assert command[command.index("run") + 1] == str(entry)
    assert "from dashboard.app import main" in entry.read_text()
    static = root / "static"
    assert env[cli_serve.STATIC_ENV] == str(static)
    assert (static / "vendor" / "leaflet" / "leaflet.js").is_file()
    assert (static / "histatlas-map.js").read_bytes() == MAP_SCRIPT.read_bytes()


def test_an_unwritable_cache_falls_back_to_a_temporary_folder(
    launched, monkeypatch, tmp_path, caplog
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would go")  # fails for root too
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    with caplog.at_level("WARNING", logger="histatlas.assets"):
        assert cli_serve.run(parse()) == 0
    ((_, env),) = launched
    static = Path(env[cli_serve.STATIC_ENV])
    assert not static.is_relative_to(blocked)
    assert (static / "vendor" / "leaflet" / "leaflet.css").is_file()
    assert f"cannot write {blocked}" in caplog.text


def test_serve_and_the_cloud_config_skip_streamlits_collection_after_each_run(launched) -> None:
    """A full garbage collection after every script run was 80% of a warm step's server CPU
    (282 ms -> 47 ms without it, bench: python -m bench capacity)."""
    assert cli_serve.run(parse()) == 0
    ((command, _),) = launched
    assert command[command.index("--runner.postScriptGC") + 1] == "false"
    config = (Path(__file__).resolve().parents[3] / ".streamlit" / "config.toml").read_text()
    assert "[runner]\n" in config
    assert "postScriptGC = false" in config
