"""`histatlas serve` from a wheel install it cannot write to, as an unprivileged user whose
home cannot be written either: the container's command (the Dockerfile's CMD), run outside
Docker on the install `make deploy-env` made the Dockerfile's way."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import REPO, clean_env, run_env, wait_for_map
from tests.support.browser import watched_page
from tests.support.server import free_port, started

pytestmark = pytest.mark.browser
DOCKERFILE = REPO / "Dockerfile"
NOBODY = 65534


def instructions(name: str) -> list[str]:
    """The arguments of every ``NAME`` instruction of the Dockerfile (continuations joined)."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    return [m.group(1).strip() for m in re.finditer(rf"^{name}\s+(.*)$", text, re.MULTILINE)]


def docker_cmd() -> list[str]:
    (cmd,) = instructions("CMD")
    return json.loads(cmd)


def test_the_dockerfile_installs_as_cloud_does_and_runs_unprivileged() -> None:
    assert "pip install --no-cache-dir -r requirements.txt" in instructions("RUN")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements.txt" in makefile  # `make deploy-env`, the same
    (user,) = instructions("USER")
    assert user not in {"root", "0"}
    (health,) = instructions("HEALTHCHECK")
    assert "/_stcore/health" in health
    assert docker_cmd()[:2] == ["histatlas", "serve"]


def _package_dir(venv: Path) -> Path:
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import dashboard; print(dashboard.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
        env=run_env(),
    )
    return Path(found.stdout.strip()).parent


@pytest.fixture
def read_only_install(deploy_venv: Path) -> Iterator[Path]:
    """The installed package with every write bit removed (restored afterwards)."""
    package = _package_dir(deploy_venv)
    assert "site-packages" in package.parts, package
    modes = {p: p.stat().st_mode for p in [package, *package.rglob("*")]}
    for path, mode in modes.items():
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield package
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def _as_unprivileged(command: list[str]) -> list[str]:
    """As root, drop to nobody; an unprivileged test runner already is."""
    if os.geteuid() != 0:
        return command
    ids = [f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return ["setpriv", *ids, *command]


def test_serve_runs_from_a_read_only_install_as_an_unprivileged_user(
    deploy_venv: Path, read_only_install: Path, browser, artifacts_dir: Path
) -> None:
    before = sorted(p.relative_to(read_only_install) for p in read_only_install.rglob("*"))
    home = Path(tempfile.mkdtemp(prefix="histatlas-home-"))
    home.chmod(0o555)  # a home nobody may write: the cache cannot go there
    port = free_port()
    command = [str(deploy_venv / "bin" / docker_cmd()[0]), *docker_cmd()[1:]]
    command[command.index("--port") + 1] = str(port)
    command[command.index("--host") + 1] = "127.0.0.1"
    url = f"http://127.0.0.1:{port}/"
    log = artifacts_dir / f"installed-{port}.log"
    env = clean_env(HOME=str(home), XDG_CACHE_HOME=None)
    with started(_as_unprivileged(command), log, url, env, Path("/")) as srv:
        seen = watched_page(browser)
        try:
            seen.page.goto(srv.url + "?year=1985&region=africa")
            assert wait_for_map(seen.page) >= 30
            seen.page.screenshot(path=str(artifacts_dir / "installed-read-only.png"))
        finally:
            seen.context.close()
    assert seen.outside() == []
    text = log.read_text()
    assert "Traceback" not in text
    assert re.search(r"cannot write .*; serving from /\S*histatlas-serve-", text), text[-2000:]
    after = sorted(p.relative_to(read_only_install) for p in read_only_install.rglob("*"))
    assert after == before, "nothing written inside the installed package"


def test_installed_version(deploy_venv: Path) -> None:
    done = subprocess.run(
        [str(deploy_venv / "bin" / "histatlas"), "--version"],
        capture_output=True,
        text=True,
        cwd="/",
        env=run_env(),
    )
    assert done.returncode == 0
    assert re.fullmatch(r"histatlas \d+\.\d+\.\d+\S*\n", done.stdout)
