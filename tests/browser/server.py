"""Start the real ``histatlas serve`` on a free loopback port and wait until it answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STARTUP_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str  # base URL including the base path, with a trailing slash
    log: Path
    process: subprocess.Popen


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        # A bounded poll for a condition, not a fixed wait for a guessed duration.
        time.sleep(0.2)
    raise TimeoutError(f"server did not answer within {STARTUP_TIMEOUT}s:\n{log.read_text()}")


@contextmanager
def running_server(
    log_dir: Path, *extra: str, base_path: str = "", env: dict[str, str] | None = None
) -> Iterator[Server]:
    port = free_port()
    log = log_dir / f"server-{port}.log"
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port)]
    command += ["--host", "127.0.0.1", *extra]
    if base_path:
        command += ["--base-path", base_path]
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    prefix = f"/{base_path.strip('/')}" if base_path.strip("/") else ""
    url = f"http://127.0.0.1:{port}{prefix}/"
    try:
        _wait_until_healthy(url, process, log)
        yield Server(url=url, log=log, process=process)
    finally:
        stop(process)


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
