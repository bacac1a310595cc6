"""Parse a corpus file (one excerpt per line) into excerpts with their footnote markers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# One or more bracketed numbers at the very start of a line, e.g. "[6][7] ".
_LEADING_MARKERS = re.compile(r"^((?:\[\d+\])+)\s*")
_MARKER = re.compile(r"\[(\d+)\]")
# C0/C1 control characters and DEL, except tab, newline and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CorpusError(ValueError):
    """The corpus file cannot be used; ``line`` is 1-based (0 for the whole file)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Excerpt:
    """One line of the corpus.

    ``text`` is the line exactly as in the corpus (leading markers included), so quotes can
    be checked verbatim. The excerpts were cut between a sentence and its footnotes: the
    markers at the start of line N belong to the sentence on line N-1. ``footnotes`` holds
    the markers that belong to *this* excerpt (found at the start of the next line);
    ``leading_markers`` the ones at the start of this line, and ``leading_markers_belong_to``
    names the excerpt they belong to, or is None when that sentence is not in the corpus
    (line 1).
    """

    id: str
    line: int
    text: str
    footnotes: tuple[str, ...] = ()
    leading_markers: tuple[str, ...] = ()
    leading_markers_belong_to: str | None = None

    @property
    def body(self) -> str:
        """The text without the markers at its start (which belong to another sentence)."""
        return _LEADING_MARKERS.sub("", self.text, count=1)


def excerpt_id(prefix: str, line: int) -> str:
    return f"{prefix}-{line:02d}"


def leading_markers(text: str) -> tuple[str, ...]:
    match = _LEADING_MARKERS.match(text)
    return tuple(_MARKER.findall(match.group(1))) if match else ()


def parse_corpus(data: bytes, prefix: str) -> tuple[Excerpt, ...]:
    """Excerpts from the raw bytes of a corpus file; blank lines keep their numbers."""
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(line, f"not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        raise CorpusError(line, f"control character {code} in the corpus text")
    lines = [raw.removesuffix("\r") for raw in text.split("\n")]
    numbered = [(n, t) for n, t in enumerate(lines, start=1) if t.strip()]
    if not numbered:
        raise CorpusError(0, "the corpus is empty (no non-blank line)")
    excerpts: list[Excerpt] = []
    for index, (line, body) in enumerate(numbered):
        own_id = excerpt_id(prefix, line)
        following = numbered[index + 1] if index + 1 < len(numbered) else None
        footnotes = leading_markers(following[1]) if following else ()
        previous = numbered[index - 1] if index > 0 else None
        excerpts.append(
            Excerpt(
                id=own_id,
                line=line,
                text=body,
                footnotes=footnotes,
                leading_markers=leading_markers(body),
                leading_markers_belong_to=(
                    excerpt_id(prefix, previous[0]) if previous and leading_markers(body) else None
                ),
            )
        )
    return tuple(excerpts)


def read_corpus(path: Path, prefix: str) -> tuple[Excerpt, ...]:
    return parse_corpus(path.read_bytes(), prefix)
