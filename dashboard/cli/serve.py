"""``histatlas serve``: start the Streamlit dashboard."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from dashboard.map.assets import prepare_serve_root, serve_root
from dashboard.settings import BORDERS_ENV, PACK_ENV, STATIC_ENV

APP = Path(__file__).resolve().parents[1] / "app.py"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="start the dashboard in a web server")
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    parser.add_argument(
        "--host", default="localhost", help="address to listen on (0.0.0.0 for everyone)"
    )
    parser.add_argument(
        "--base-path", default="", help="URL path prefix when served behind a proxy, e.g. /atlas"
    )
    parser.add_argument(
        "--pack",
        type=Path,
        action="append",
        help="pack directory; give it again to offer more packs (the first is the default, "
        "links name the others with ?pack=DIRNAME; the built-in packs are always offered)",
    )
    parser.add_argument(
        "--borders",
        choices=["builtin", "cshapes"],
        default="builtin",
        help="border source for 1886-2019 (cshapes needs `histatlas borders fetch cshapes`)",
    )
    parser.set_defaults(func=run)


def streamlit_command(args: argparse.Namespace, entry: Path = APP) -> list[str]:
    """``streamlit run`` through dashboard.cli.serve_main, which warms the default view."""
    return [
        sys.executable,
        "-m",
        "dashboard.cli.serve_main",
        "run",
        str(entry),
        "--server.port",
        str(args.port),
        "--server.address",
        args.host,
        "--server.baseUrlPath",
        args.base_path.strip("/"),
        "--server.enableStaticServing",
        "true",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
        # The app is not being edited while it serves: no module reloads under cached data.
        "--server.fileWatcherType",
        "none",
        # Streamlit re-sends every unchanged element under this size on each rerun; a small
        # threshold lets a slider step that changes little send little.
        "--global.minCachedMessageSize",
        "500",
        # Streamlit runs a full garbage collection after every script run; with the maps,
        # shapes and pack in memory that is about 0.2 s of CPU per slider step (80% of a
        # warm step, measured with py-spy). Python's own collector still runs as it fills.
        "--runner.postScriptGC",
        "false",
    ]


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"histatlas: error: --port {args.port} is not a port number", file=sys.stderr)
        return 2
    for pack in args.pack or ():
        if not pack.is_dir():
            print(f"histatlas: error: --pack {pack}: not a directory", file=sys.stderr)
            return 2
    logging.basicConfig(format="histatlas: %(message)s")
    root = serve_root()
    try:
        entry = prepare_serve_root(root)
    except OSError as exc:
        print(f"histatlas: error: cannot prepare {root}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env[STATIC_ENV] = str(entry.parent / "static")
    if args.pack:
        env[PACK_ENV] = os.pathsep.join(str(pack.resolve()) for pack in args.pack)
    env[BORDERS_ENV] = args.borders
    print(f"histatlas: serving on http://{args.host}:{args.port}/{args.base_path.strip('/')}")
    # Streamlit runs from the serve root, whose entry script imports the packaged app.
    return subprocess.call(streamlit_command(args, entry), env=env, cwd=root)
