"""Streamlit Community Cloud's recipe: `pip install -r requirements.txt` in a fresh virtualenv
(`make deploy-env`), then `streamlit run dashboard/app.py` from the repository root. The map
must render with no network: Leaflet and the shapes come from the app's own static route."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.deploy.conftest import REPO, clean_env, wait_for_map
from tests.support.browser import watched_page
from tests.support.server import free_port, started

pytestmark = pytest.mark.browser


def test_cloud_recipe_renders_the_map_offline(deploy_venv: Path, browser, artifacts_dir) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    # Cloud chooses the port and address itself; everything else is .streamlit/config.toml.
    command = [
        str(deploy_venv / "bin" / "streamlit"),
        "run",
        "dashboard/app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    log = artifacts_dir / f"cloud-{port}.log"
    with started(command, log, url, clean_env(), REPO) as srv:
        seen = watched_page(browser)
        try:
            seen.page.goto(srv.url + "?year=1956&region=europe")
            assert wait_for_map(seen.page) >= 50
            seen.page.screenshot(path=str(artifacts_dir / "cloud-recipe.png"))
        finally:
            seen.context.close()
        leaflet = srv.url + "app/static/vendor/leaflet/leaflet.js"
        with urllib.request.urlopen(leaflet, timeout=10) as response:
            assert response.status == 200
    assert seen.outside() == [], "nothing fetched from outside the machine"
