"""The ``histatlas`` command line: one entry point, one module per group of subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module, metadata

# Each module named here exposes ``register(subparsers)``; it adds its subcommands and sets
# ``func`` (a callable taking the parsed namespace and returning an exit code) on each.
COMMAND_MODULES = (
    "dashboard.cli.serve",
    "dashboard.cli.data",
    "dashboard.cli.borders",
    "dashboard.cli.export",
    "dashboard.cli.author",
)

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
DEBUG_ENV = "HISTATLAS_DEBUG"


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"histatlas: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def version() -> str:
    """The installed distribution's version (a source tree run without install says so)."""
    try:
        return metadata.version("histatlas")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="histatlas", description=__doc__)
    parser.add_argument("--version", action="version", version=f"histatlas {version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the module
                raise
            continue  # that group of commands is not built yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line, the traceback only when asked for
        if os.environ.get(DEBUG_ENV):
            raise
        message = str(exc).splitlines()[0][:300] if str(exc) else ""
        sys.stderr.write(
            f"histatlas: internal error: {type(exc).__name__}: {message} "
            f"(set {DEBUG_ENV}=1 to see where; please report it)\n"
        )
        return EXIT_INVALID_DATA


if __name__ == "__main__":
    raise SystemExit(main())
