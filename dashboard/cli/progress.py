"""Progress on a terminal for commands that take seconds: on stderr, silent when piped or -q.

stdout carries the command's data (JSON, CSV, an export written with ``-o -``), so progress
never goes there; and a script that pipes stderr too gets no bars or carriage returns.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


def add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress messages on the terminal"
    )


def shown(args: argparse.Namespace) -> bool:
    """Progress is for a person watching a terminal: not with --quiet, not when piped."""
    return not getattr(args, "quiet", False) and sys.stderr.isatty()


@contextmanager
def step(args: argparse.Namespace, what: str) -> Iterator[None]:
    """``what...`` while it runs, then ``done in 1.2 s`` on the same line."""
    if not shown(args):
        yield
        return
    sys.stderr.write(f"{what}...")
    sys.stderr.flush()
    started = time.perf_counter()
    try:
        yield
    except BaseException:
        sys.stderr.write("\n")
        raise
    sys.stderr.write(f" done in {time.perf_counter() - started:.1f} s\n")


@contextmanager
def bar(args: argparse.Namespace, total: int, what: str, unit: str) -> Iterator[Callable[[], None]]:
    """A progress bar of ``total`` units; the caller ticks once per unit done."""
    if not shown(args):
        yield lambda: None
        return
    with tqdm(total=total, desc=what, unit=f" {unit}", file=sys.stderr) as progress:
        yield lambda: progress.update(1)
