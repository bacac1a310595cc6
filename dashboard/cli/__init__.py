"""The ``histatlas`` command line: one module per group of subcommands."""

from dashboard.cli.commands import main

__all__ = ["main"]
