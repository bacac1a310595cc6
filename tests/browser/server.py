"""Start the real ``histatlas serve`` on a free loopback port and wait until it answers.

The implementation is shared with the benchmarks in ``bench/serving.py``; this module keeps
the names the browser, hardening and soak suites import, and turns a missing Chromium into a
test failure that says how to get one.
"""

from __future__ import annotations

import pytest

from bench.serving import (
    CHROMIUM_FLAGS,
    STARTUP_TIMEOUT,
    NoChromium,
    Server,
    free_port,
    running_server,
    stop,
)
from bench.serving import chromium_path as _chromium_path

__all__ = [
    "CHROMIUM_FLAGS",
    "STARTUP_TIMEOUT",
    "Server",
    "chromium_path",
    "free_port",
    "running_server",
    "stop",
]


def chromium_path() -> str:
    """The Chromium to drive, or a failed test saying how to install one."""
    try:
        return _chromium_path()
    except NoChromium as exc:
        pytest.fail(str(exc))
