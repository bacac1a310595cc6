"""Shared test fixtures: where the repo and the shared reference data are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session.

    Playwright's sync API runs an event loop in this thread: a second ``sync_playwright()``
    while the first is open fails, so every suite that drives a browser shares this one.
    """
    from playwright.sync_api import sync_playwright

    from tests.support.server import NoChromium, launch_chromium

    with sync_playwright() as p:
        try:
            launched = launch_chromium(p)
        except NoChromium as exc:
            pytest.fail(str(exc))
        yield launched
        launched.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Each test's report on its node (``rep_call``): fixtures keep a screenshot on failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
