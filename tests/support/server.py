"""Start histatlas (or a bench Streamlit script) on loopback and find Chromium.

One place for what the browser, hardening, soak and deploy suites and the benchmarks
(bench/stepper.py, bench/coldstart_bench.py, ...) all need: a free loopback port, the server
started in its own process group, a bounded poll of Streamlit's health endpoint, a clean stop
of the whole group, and the headless Chromium executable and flags.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 120.0  # a cold start on a loaded 2-core machine
POLL_S = 0.05  # health poll interval: also the resolution of a measured start-up time
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Extra environment for the server; a value of None removes the variable.
Env = Mapping[str, str | None] | None


class NoChromium(RuntimeError):
    """No Chromium executable was found."""


def chromium_path() -> str:
    """``$HISTATLAS_CHROMIUM``, else Debian's ``chromium`` or ``chromium-browser`` on PATH."""
    found = os.environ.get("HISTATLAS_CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser")
    if not found:
        raise NoChromium("no Chromium: run `make chromium` or set HISTATLAS_CHROMIUM")
    return found


def launch_chromium(playwright):
    """Headless Chromium through a (sync or async) Playwright object's ``chromium``."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str  # base URL including the base path, with a trailing slash
    log: Path
    process: subprocess.Popen


def wait_until_healthy(
    url: str, process: subprocess.Popen, log: Path, timeout: float = STARTUP_TIMEOUT
) -> None:
    """Poll ``_stcore/health`` until it answers 200; raise if the server exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        # A bounded poll for a condition, not a fixed wait for a guessed duration.
        time.sleep(POLL_S)
    raise TimeoutError(f"server did not answer within {timeout}s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    """Stop the server's whole process group: `histatlas serve` runs Streamlit as a child,
    which a plain terminate() of the parent would leave running."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def serve_command(port: int, *extra: str, base_path: str = "") -> list[str]:
    """``histatlas serve`` on 127.0.0.1:port (through ``python -m``: no PATH needed)."""
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port)]
    command += ["--host", "127.0.0.1", *extra]
    if base_path:
        command += ["--base-path", base_path]
    return command


@contextmanager
def started(
    command: list[str], log: Path, url: str, env: Env, cwd: Path | None
) -> Iterator[Server]:
    environ = {**os.environ, **(env or {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={k: v for k, v in environ.items() if v is not None},
            start_new_session=True,  # its own process group, stopped as a whole
        )
    try:
        wait_until_healthy(url, process, log)
        yield Server(url=url, log=log, process=process)
    finally:
        stop(process)


@contextmanager
def running_server(
    log_dir: Path,
    *extra: str,
    base_path: str = "",
    env: Env = None,
    cwd: Path | None = None,
) -> Iterator[Server]:
    """The real ``histatlas serve`` (extra arguments e.g. ``--pack DIR``), healthy.

    ``env`` adds to (None: removes from) this process's environment. ``cwd`` runs it from
    another checkout of the packages (``python -m`` puts the working directory first on the
    import path): the cold-start benchmark uses a copy of ``dashboard/`` with no generated
    shapes.
    """
    port = free_port()
    log = log_dir / f"server-{port}.log"
    prefix = f"/{base_path.strip('/')}" if base_path.strip("/") else ""
    url = f"http://127.0.0.1:{port}{prefix}/"
    command = serve_command(port, *extra, base_path=base_path)
    with started(command, log, url, env, cwd) as server:
        yield server


@contextmanager
def streamlit_server(script: Path, log_dir: Path, *extra: str, env: Env = None) -> Iterator[Server]:
    """``streamlit run script`` (the naive baseline app) like ``histatlas serve`` runs the app:
    loopback, static serving, no file watcher; ``extra`` adds Streamlit options."""
    port = free_port()
    log = log_dir / f"{script.stem}-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.enableStaticServing", "true", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
        "--server.fileWatcherType", "none", *extra,
    ]  # fmt: skip
    env = {"PYTHONPATH": str(REPO), **(env or {})}
    with started(command, log, f"http://127.0.0.1:{port}/", env, REPO) as server:
        yield server
