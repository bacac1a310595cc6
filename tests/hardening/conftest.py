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


@dataclass
class Watched:
    """A page with every dialog, page error and request it caused recorded."""

    page: object
    dialogs: list[str]
    errors: list[str]
    requests: list[str]

    def outside(self, *, allowed: tuple[str, ...] = ()) -> list[str]:
        from urllib.parse import urlparse

        from tests.browser.conftest import LOCAL_HOSTS

        return [
            url
            for url in self.requests
            if urlparse(url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(url).hostname not in LOCAL_HOSTS
            and urlparse(url).hostname not in allowed
        ]


@pytest.fixture
def watched(chromium, request, artifacts_dir: Path):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    seen = Watched(page, [], [], [])

    def on_dialog(dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    context.on("request", lambda req: seen.requests.append(req.url))
    yield seen
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        page.screenshot(path=str(artifacts_dir / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
