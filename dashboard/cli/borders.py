"""``histatlas borders fetch cshapes``: download optional precise borders into the user cache."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.cli import progress
from geodata.sources import cshapes

EXIT_OK = 0
EXIT_FAILED = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("borders", help="optional precise border datasets")
    actions = parser.add_subparsers(dest="borders_command", metavar="ACTION")
    actions.required = True
    fetch = actions.add_parser("fetch", help="download a border dataset into the user cache")
    fetch.add_argument("dataset", choices=["cshapes"], help="dataset to download")
    fetch.add_argument("--url", default=cshapes.DEFAULT_URL, help="download from this URL")
    fetch.add_argument(
        "--cache-dir", type=Path, default=None, help="cache directory (default: the XDG cache)"
    )
    progress.add_quiet(fetch)
    fetch.set_defaults(func=run_fetch)


def run_fetch(args: argparse.Namespace) -> int:
    try:
        path = cshapes.fetch(
            args.url,
            args.cache_dir,
            expected_sha256=cshapes.SHA256,
            progress=progress.shown(args),  # a bar on a terminal; quiet when piped or -q
        )
    except cshapes.CShapesError as exc:
        sys.stderr.write(f"histatlas: borders fetch cshapes: {exc}; using built-in borders\n")
        return EXIT_FAILED
    print(f"CShapes 2.0 saved to {path}")
    print(cshapes.ATTRIBUTION)
    return EXIT_OK
