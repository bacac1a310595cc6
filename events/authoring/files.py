"""Writing a pack's files so that a crash never leaves it half-written.

Every file goes to a temporary sibling first, is flushed to disk, then renamed over the old
one (``os.replace`` is atomic on one file system). ``write_files`` writes several in the
order given: the caller orders them so the pack is valid after each single rename
(new excerpts before the records quoting them, organisations before what refers to them).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8) in one step."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_files(files: Iterable[tuple[Path, str]]) -> None:
    """Write each (path, text) atomically, in the order given."""
    for path, text in files:
        write_atomic(path, text)


class _Dumper(yaml.SafeDumper):
    """Block YAML, keys in the order given, long texts folded at 100 columns."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def records_yaml(records: list[dict[str, Any]], header: str = "") -> str:
    """A pack file's text: ``header`` comment lines, then the records as a YAML list."""
    body = yaml.dump(
        records, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    ) if records else "[]\n"  # fmt: skip
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lines + body
