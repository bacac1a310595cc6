"""Deploy recipes, run as they are documented: the Cloud install, the container's command
from a read-only install as an unprivileged user, and nginx in front (tests/deploy).

They use the virtualenv `make deploy-env` builds the way Streamlit Community Cloud does
(`pip install -r requirements.txt`: histatlas from a wheel, not the checkout), and Debian's
nginx; `make test` sets both up. Servers start on free loopback ports and are waited for by
polling their health endpoint.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY_VENV = Path(os.environ.get("HISTATLAS_DEPLOY_VENV", REPO / ".venv-deploy"))
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
