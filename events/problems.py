"""Validation problems: one line each, ``path:line: record-id: field: message``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something wrong in a pack file. ``line`` 0 means the file as a whole; ``record_id`` and
    ``field`` are ``-`` when the problem is not about one record or field. A warning's message
    starts with ``warning:`` so the one-line form says its severity."""

    path: str
    line: int
    record_id: str
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        parts = (self.path, self.record_id, self.field, prefix + self.message)
        path, record_id, field, message = (printable(part) for part in parts)
        return f"{path}:{self.line}: {record_id}: {field}: {message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def printable(text: str) -> str:
    """``text`` with control characters escaped, so a problem line is one safe line."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


class PackError(Exception):
    """A pack failed validation; ``problems`` lists every problem found (errors first)."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        super().__init__(f"{len(errors)} problem(s) in pack; first: {errors[0] if errors else '-'}")
        self.problems = problems


def field_name(loc: Sequence[Any]) -> str:
    """('excerpts', 0, 'quote') -> 'excerpts[0].quote'; '-' for the record as a whole."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "-"
