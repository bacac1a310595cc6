"""Deploy recipes, run as they are documented: the Cloud install, the container's command
from a read-only install as an unprivileged user, and nginx in front (tests/deploy).

They use the virtualenv `make deploy-env` builds the way Streamlit Community Cloud does
(`pip install -r requirements.txt`: histatlas from a wheel, not the checkout), and Debian's
nginx; `make test` sets both up. Servers start on free loopback ports and are waited for by
polling their health endpoint.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.serving import Server, stop, wait_until_healthy

REPO = Path(__file__).resolve().parents[2]
DEPLOY_VENV = Path(os.environ.get("HISTATLAS_DEPLOY_VENV", REPO / ".venv-deploy"))
SHAPES = "path.leaflet-interactive"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="session")
def deploy_venv() -> Path:
    if not (DEPLOY_VENV / "bin" / "histatlas").exists():
        pytest.fail(f"no deploy virtualenv at {DEPLOY_VENV}: run `make deploy-env`")
    return DEPLOY_VENV


@contextmanager
def started(
    command: Sequence[str], url: str, log: Path, *, cwd: Path, env: dict[str, str]
) -> Iterator[Server]:
    """A server process (its own process group), healthy, stopped as a whole afterwards."""
    with log.open("w") as out:
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    try:
        wait_until_healthy(url, process, log)
        yield Server(url=url, log=log, process=process)
    finally:
        stop(process)


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment less what would point the server at the checkout."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("HISTATLAS_", "PYTHON"))}
    keep.pop("VIRTUAL_ENV", None)
    return keep | extra


def wait_for_map(page, minimum: int = 50) -> int:
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(SHAPES).nth(minimum - 1).wait_for(state="attached", timeout=90_000)
    return frame.locator(SHAPES).count()
