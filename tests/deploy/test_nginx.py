"""The reverse-proxy recipe (deploy/nginx/histatlas.conf, quoted in the README) through a
real nginx from Debian's packages: the app under /atlas/, its WebSocket, its static files,
and a link that reopens the view."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import REPO, wait_for_map
from tests.support.server import free_port, running_server

pytestmark = pytest.mark.browser
RECIPE = REPO / "deploy" / "nginx" / "histatlas.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")
    if found is None:
        pytest.fail("no nginx: run `make nginx` (Debian's nginx-light)")
    return found


def proxy_config(workdir: Path, listen: int, upstreams: list[int]) -> Path:
    """The recipe as it ships, with only the ports changed, inside a minimal main config."""
    recipe = RECIPE.read_text(encoding="utf-8")
    recipe = recipe.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    servers = "\n".join(f"    server 127.0.0.1:{port};" for port in upstreams)
    recipe = re.sub(r"^    server 127\.0\.0\.1:8501;$", servers, recipe, flags=re.MULTILINE)
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = workdir / "nginx.conf"
    main.write_text(
        f"daemon off;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} info;\n"
        f"events {{}}\nhttp {{\n    access_log {workdir / 'access.log'};\n{temp}\n"
        f"{recipe}\n}}\n",
        encoding="utf-8",
    )
    return main


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, artifacts_dir: Path) -> Iterator[tuple[str, Path]]:
    workdir = tmp_path_factory.mktemp("nginx")
    with running_server(artifacts_dir, base_path="/atlas") as app:
        port = int(app.url.split(":")[2].split("/")[0])
        listen = free_port()
        config = proxy_config(workdir, listen, [port])
        subprocess.run([nginx_binary(), "-t", "-c", str(config), "-p", str(workdir)], check=True)
        nginx = subprocess.Popen([nginx_binary(), "-c", str(config), "-p", str(workdir)])
        try:
            url = f"http://127.0.0.1:{listen}/atlas/"
            _wait_for(url + "_stcore/health", nginx)
            yield url, workdir
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=30)


def _wait_for(url: str, process: subprocess.Popen) -> None:
    from tests.support.server import wait_until_healthy

    wait_until_healthy(url.removesuffix("_stcore/health"), process, Path("/dev/null"))


def test_the_readme_quotes_the_shipped_recipe() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    recipe = RECIPE.read_text(encoding="utf-8")
    for line in ("location /atlas/ {", "proxy_http_version 1.1;", 'Connection "upgrade";'):
        assert line in recipe
        assert line in readme


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
