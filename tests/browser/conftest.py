"""Browser fixtures: the real server and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import LOCAL_HOSTS, RequestLog, close, watched_page
from tests.support.server import Server, running_server

__all__ = ["LOCAL_HOSTS", "RequestLog"]  # imported by the suites from here too


@pytest.fixture(scope="session")
def server(artifacts_dir: Path) -> Iterator[Server]:
    with running_server(artifacts_dir) as srv:
        yield srv


@pytest.fixture(scope="module")
def atlas(tmp_path_factory, artifacts_dir: Path) -> Iterator[tuple[Server, object]]:
    """The test pack (tests/dashboard/export) served under ``--base-path /atlas``, with its
    view context: for the link and embed suites."""
    from dashboard.view.context import context_for
    from events.pack import load_pack
    from tests.dashboard.export.test_export_fixtures import write_pack

    pack_dir = write_pack(tmp_path_factory.mktemp("pack"))
    with running_server(artifacts_dir, "--pack", str(pack_dir), base_path="/atlas") as srv:
        pack = load_pack(pack_dir)
        ctx = context_for(pack, region_ids={"world", "europe", "eastern-europe"}, polity_ids=())
        yield srv, ctx


@pytest.fixture
def page(browser, request, artifacts_dir: Path):
    """A recording page (tests.support.browser): ``page.request_log``, ``page.page_errors``."""
    seen = watched_page(browser)
    seen.page.request_log = seen.log
    seen.page.page_errors = seen.errors
    yield seen.page
    close(seen, request.node, artifacts_dir)


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
