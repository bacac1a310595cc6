"""Browser fixtures: the real server and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.server import Server, running_server

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="session")
def server(artifacts_dir: Path) -> Iterator[Server]:
    with running_server(artifacts_dir) as srv:
        yield srv


class RequestLog:
    """Every URL the page asked for, to prove nothing left the machine."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def outside(self) -> list[str]:
        return [
            u
            for u in self.urls
            if urlparse(u).scheme in {"http", "https", "ws", "wss"}
            and urlparse(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def page(browser, request, artifacts_dir: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    log = RequestLog()
    context.on("request", lambda req: log.urls.append(req.url))
    pg = context.new_page()
    pg.request_log = log  # type: ignore[attr-defined]
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        pg.screenshot(path=str(artifacts_dir / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def offline(browser):
    """A page where every request but file: is refused and logged (offline exports), with
    its page errors and dialogs."""
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    asked: list[str] = []
    dialogs: list[str] = []

    def gate(route) -> None:
        asked.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", gate)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page, asked, errors, dialogs
    context.close()
