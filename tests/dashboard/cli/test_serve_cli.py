"""`histatlas serve`: its options reach Streamlit and the app (without starting a server)."""

from __future__ import annotations

import argparse
import os

import pytest

from dashboard.cli import serve as cli_serve
from tests.dashboard.conftest import MINI_PACK


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli_serve.register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(cli_serve, "ensure_vendor_assets", lambda: None)
    monkeypatch.setattr(
        cli_serve.subprocess, "call", lambda cmd, env: calls.append((cmd, env)) or 0
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
