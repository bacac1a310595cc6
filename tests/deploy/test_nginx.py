"""The reverse-proxy recipe (deploy/nginx/histatlas.conf, quoted in the README) through a
real nginx from Debian's packages: the app under /atlas/, its WebSocket, its static files,
and a link that reopens the view."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import (
    REPO,
    port_of,
    recipe_directives,
    running_nginx,
    wait_for_map,
)
from tests.support.server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, artifacts_dir: Path) -> Iterator[tuple[str, Path]]:
    workdir = tmp_path_factory.mktemp("nginx")
    with (
        running_server(artifacts_dir, base_path="/atlas") as app,
        running_nginx(workdir, [port_of(app)]) as url,
    ):
        yield url, workdir


def test_the_readme_quotes_the_shipped_recipe() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = recipe_directives()
    for line in ("location /atlas/ {", "proxy_http_version 1.1;", 'Connection "upgrade";'):
        assert line in quoted
    # Indented as a code block inside the README's list item, every line but the blank ones.
    block = "\n".join(f"      {line}" if line else "" for line in quoted.splitlines())
    assert block in readme, "the README quotes deploy/nginx/histatlas.conf, comments left out"


def test_the_app_works_through_nginx(proxied, browser, artifacts_dir: Path) -> None:
    url, workdir = proxied
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "?year=1956&region=europe")
        assert wait_for_map(page) >= 50
        heading = page.get_by_role("heading", name=re.compile("^1956: borders"))
        heading.wait_for(timeout=60_000)
        # A step goes over the WebSocket through the proxy and comes back as a new map.
        page.get_by_role("slider").first.focus()
        page.keyboard.press("ArrowRight")
        page.get_by_role("heading", name=re.compile("^1957: borders")).wait_for(timeout=60_000)
        page.wait_for_function("() => new URL(location.href).searchParams.get('year') === '1957'")
        link = page.url
        page.screenshot(path=str(artifacts_dir / "through-nginx.png"))
        again = context.new_page()
        again.goto(link)
        again.get_by_role("heading", name=re.compile("^1957: borders")).wait_for(timeout=60_000)
    finally:
        context.close()
    with urllib.request.urlopen(url + "app/static/vendor/leaflet/leaflet.js", timeout=10) as r:
        assert r.status == 200
    # nginx logs a WebSocket when it closes, which is just after the browser context closed.
    upgraded = re.compile(r'"GET /atlas/_stcore/stream HTTP/1.1" 101 ')
    deadline = time.monotonic() + 30
    access = ""
    while time.monotonic() < deadline and not upgraded.search(access):
        access = (workdir / "access.log").read_text()
        time.sleep(0.05)  # a bounded poll for the log line, not a guessed wait
    assert upgraded.search(access), access[-2000:]
