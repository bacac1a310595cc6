"""The ``histatlas`` command line: one module per group of subcommands."""

from dashboard.cli.main import main

__all__ = ["main"]
