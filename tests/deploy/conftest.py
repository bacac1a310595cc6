"""Deploy recipes, run as they are documented: the Cloud install, the container's command
from a read-only install as an unprivileged user, and nginx in front (tests/deploy).

They use the virtualenv `make deploy-env` builds the way Streamlit Community Cloud does
(`pip install -r requirements.txt`: histatlas from a wheel, not the checkout), and Debian's
nginx; `make test` sets both up. Servers start on free loopback ports and are waited for by
polling their health endpoint.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.server import Server, free_port, stop, wait_until_healthy

REPO = Path(__file__).resolve().parents[2]
DEPLOY_VENV = Path(os.environ.get("HISTATLAS_DEPLOY_VENV", REPO / ".venv-deploy"))
RECIPE = REPO / "deploy" / "nginx" / "histatlas.conf"
SHAPES = "path.leaflet-interactive"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="session")
def deploy_venv() -> Path:
    if not (DEPLOY_VENV / "bin" / "histatlas").exists():
        pytest.fail(f"no deploy virtualenv at {DEPLOY_VENV}: run `make deploy-env`")
    return DEPLOY_VENV


def clean_env(**extra: str | None) -> dict[str, str | None]:
    """Changes to this process's environment for a server: drop (None) what would point it
    at the checkout, add ``extra``."""
    dropped = [k for k in os.environ if k.startswith(("HISTATLAS_", "PYTHON"))]
    return {k: None for k in [*dropped, "VIRTUAL_ENV"]} | extra


def run_env(**extra: str | None) -> dict[str, str]:
    """The full environment ``clean_env`` describes, for subprocess.run."""
    changes = clean_env(**extra)
    merged = {**os.environ, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def wait_for_map(page, minimum: int = 50) -> int:
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(SHAPES).nth(minimum - 1).wait_for(state="attached", timeout=90_000)
    return frame.locator(SHAPES).count()


def nginx_binary() -> str:
    found = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")
    if found is None:
        pytest.fail("no nginx: run `make nginx` (Debian's nginx-light)")
    return found


def recipe_directives() -> str:
    """The recipe without its comment lines (and without the blank lines that leaves in a
    row): what the README quotes."""
    kept = [line for line in RECIPE.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#")]  # fmt: skip
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n") + "\n"


def port_of(server: Server) -> int:
    port = urlparse(server.url).port
    assert port is not None, server.url
    return port


def proxy_config(
    workdir: Path, listen: int, upstreams: list[int], log_format: str = "combined"
) -> Path:
    """The recipe as it ships, with only the ports changed (one ``server`` line per upstream,
    with the recipe's parameters), inside a minimal main config whose access log is written
    in ``log_format`` (a format string, or nginx's predefined ``combined``)."""
    recipe = RECIPE.read_text(encoding="utf-8")
    recipe = recipe.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    line = re.compile(r"^    server 127\.0\.0\.1:8501(?P<params>[^;\n]*);$", re.MULTILINE)
    found = line.search(recipe)
    assert found, "the recipe's upstream has a server line for 127.0.0.1:8501"
    servers = "\n".join(f"    server 127.0.0.1:{port}{found['params']};" for port in upstreams)
    recipe = line.sub(lambda _: servers, recipe)
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    access = f"    access_log {workdir / 'access.log'};"
    if log_format != "combined":
        access = f"    log_format test '{log_format}';\n{access.removesuffix(';')} test;"
    main = workdir / "nginx.conf"
    main.write_text(
        f"daemon off;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} info;\n"
        f"events {{}}\nhttp {{\n{access}\n{temp}\n{recipe}\n}}\n",
        encoding="utf-8",
    )
    return main


@contextmanager
def running_nginx(
    workdir: Path, upstreams: list[int], log_format: str = "combined"
) -> Iterator[str]:
    """A real nginx on a free loopback port with the recipe in front of ``upstreams``, healthy
    through it; yields the app's URL through the proxy (``.../atlas/``). Its access log is
    ``workdir / "access.log"``. Stopped (fast shutdown, then killed) however the block ends:
    a graceful stop would wait for open WebSockets."""
    workdir.mkdir(parents=True, exist_ok=True)
    listen = free_port()
    config = proxy_config(workdir, listen, upstreams, log_format)
    command = [nginx_binary(), "-c", str(config), "-p", str(workdir)]
    subprocess.run([*command, "-t", "-q"], check=True)
    nginx = subprocess.Popen(command, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{listen}/atlas/"
        wait_until_healthy(url, nginx, workdir / "error.log")
        yield url
    finally:
        stop(nginx)
