"""Fixtures for the hardening suites: a fresh valid base pack per test, the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hardening.basepack import write_base_pack
from tests.support.browser import close, watched_page

REPO = Path(__file__).resolve().parents[2]
# Python start-up and the geodata import take a few seconds on a busy 2-core machine; a
# case that needs more than this is hanging, not working.
CLI_TIMEOUT = 60


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str, cwd: Path) -> CliResult:
    """``histatlas ARGS`` in a fresh interpreter; fails the test when it exceeds CLI_TIMEOUT."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=cwd,
        capture_output=True,
        timeout=CLI_TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    return CliResult(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def control_characters(text: str) -> list[str]:
    """Control characters other than newline: what must never reach a terminal raw."""
    return sorted({repr(c) for c in text if c != "\n" and unicodedata.category(c) == "Cc"})


@pytest.fixture
def base_pack(tmp_path: Path) -> Path:
    return write_base_pack(tmp_path / "pack")


@pytest.fixture(scope="session")
def xss_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.hardening.xsspack import write_xss_pack

    return write_xss_pack(tmp_path_factory.mktemp("xss") / "pack")


@pytest.fixture(scope="session")
def chromium(browser):
    """The session's one headless Chromium (tests/conftest.py)."""
    return browser


@pytest.fixture
def watched(chromium, request, artifacts_dir: Path):
    """A recording page (tests.support.browser), a screenshot kept if the test failed."""
    seen = watched_page(chromium, 1400, 1000)
    yield seen
    close(seen, request.node, artifacts_dir)
