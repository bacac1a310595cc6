"""A fast reader for the plain block YAML that packs are written in; anything else is declined.

``parse_plain(text)`` handles the common shape of pack files - block mappings and sequences,
one value per line, plain and single-line quoted scalars - in one pass over the lines, with
no parse events. It returns None ("not in the subset") at the first line it is not certain
about: a tag, anchor or alias, a flow collection, a block or multi-line scalar, a comment
after a value, a duplicate key, a tab, an unusual character or indentation. The caller then
reads the text with the full loader (events.yamlload), which reports exactly what is wrong.
So for text this module accepts, data and lines equal the full loader's; it never decides
that anything is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 32
# Characters that make the text need the full loader: outside YAML's printable set, carriage
# returns, the BOM and the Unicode line and paragraph separators (line breaks in YAML 1.1).
_UNUSUAL = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_PLAIN = re.compile(r"""(?:[\w.(+/~$]|-[\w.])[\w .,;()+/~$'"?=%-]*""")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\[0abtnvfre "/\\N_LP])*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")  # longer ones: see resolve_plain
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")

_CONSTRUCT = yaml.constructor.SafeConstructor()
_RESOLVERS: dict[str | None, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_SCALARS = {
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCT.construct_yaml_null,
}


@dataclass(slots=True)
class Lines:
    """Where a value sits in the file: its 1-based line, and its children's (by key or index)."""

    line: int
    children: dict[str, Lines] | list[Lines] | None = None


class _Declined(Exception):
    """The text is outside the subset: the full loader must read it."""


def resolve_plain(value: str) -> Any:
    """A plain scalar as YAML 1.1 resolves it (int, float, bool, null), except that dates and
    everything else stay text. ValueError for numbers Python will not convert."""
    if value[:1] not in _RESOLVERS:
        return value
    tag = "tag:yaml.org,2002:str"
    for candidate, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            tag = str(candidate)
            break
    convert = _SCALARS.get(tag)
    if convert is None:
        return value
    return convert(yaml.ScalarNode(tag, value))


def _scalar(text: str) -> Any:
    """The value of one scalar written on one line; _Declined when unsure."""
    first = text[0]
    if first == '"':
        match = _DOUBLE.fullmatch(text)
        if match is None:
            raise _Declined
        inner = match.group(1)
        return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], inner) if "\\" in inner else inner
    if first == "'":
        match = _SINGLE.fullmatch(text)
        if match is None:
            raise _Declined
        return match.group(1).replace("''", "'")
    if _PLAIN.fullmatch(text) is None:
        raise _Declined
    if first not in _RESOLVERS:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    try:
        return resolve_plain(text)
    except ValueError:  # the full loader reports it
        raise _Declined from None


class _Frame:
    """An open block collection: its column, data and lines (None when not wanted)."""

    __slots__ = ("col", "data", "is_map", "lines")

    def __init__(self, col: int, is_map: bool, number: int, want_lines: bool) -> None:
        self.col = col
        self.is_map = is_map
        self.data: Any = {} if is_map else []
        self.lines: Any = Lines(number, {} if is_map else []) if want_lines else None


def parse_plain(text: str, *, want_lines: bool = True) -> tuple[Any, Lines | None] | None:
    """Data (and lines) of ``text`` when it is plain block YAML (see the module doc), else None."""
    if _UNUSUAL.search(text) is not None:
        return None
    try:
        return _Parser(want_lines).parse(text)
    except _Declined:
        return None


def _split_key(text: str) -> tuple[str, str] | None:
    """(key, value text) of ``key: value`` or ``key:`` with a plain ASCII name; None for
    anything else (a scalar, or a key the full loader must read)."""
    key, colon, value = text.partition(": ")
    if not colon:
        if text[-1] != ":":
            return None
        key, value = text[:-1], ""
    if key.isidentifier() and key.isascii():
        return key, value.lstrip(" ")
    return None


class _Parser:
    """One pass over the lines with a stack of open collections."""

    def __init__(self, want_lines: bool) -> None:
        self.want_lines = want_lines
        self.stack: list[_Frame] = []
        self.pending: str | None = None  # a key of the top mapping waiting for a block

    def parse(self, text: str) -> tuple[Any, Lines | None]:
        want_lines = self.want_lines
        top: Any = None
        number = 0
        for raw in text.split("\n"):
            number += 1
            rest = raw.lstrip(" ")
            if not rest or rest[0] == "#":
                continue
            col = len(raw) - len(rest)
            if rest[-1] == " ":
                rest = rest.rstrip(" ")
            if top is None or col != top.col or self.pending is not None or rest[:2] == "- ":
                top, pair = self._structure(col, rest, number)
                if pair is None:  # a scalar item, already taken
                    continue
                key, value = pair
            else:  # the common line: the next key of the current mapping (_split_key inlined)
                key, colon, value = rest.partition(": ")
                if colon and top.is_map and key.isidentifier() and key.isascii():
                    if value[:1] == " ":
                        value = value.lstrip(" ")
                else:
                    pair = _split_key(rest)
                    if pair is None or not top.is_map:
                        raise _Declined
                    key, value = pair
            data = top.data
            if key in data:
                raise _Declined
            if not value:
                self.pending = key
                continue
            if value[0] == '"' and value.count('"') == 2 and value[-1] == '"' and "\\" not in value:
                data[key] = value[1:-1]
            else:
                data[key] = _scalar(value)
            if want_lines:
                top.lines.children[key] = Lines(number)
        if not self.stack or self.pending is not None:
            raise _Declined
        return self.stack[0].data, self.stack[0].lines

    def _structure(self, col: int, rest: str, number: int) -> tuple[_Frame, tuple[str, str] | None]:
        """The mapping the line's ``key: value`` goes into, after opening or closing blocks
        and taking a sequence item, with that pair; None when the line is done."""
        dash = rest[:2] == "- "
        top = self._enter(col, dash, number)
        if not dash:
            pair = _split_key(rest)
            if pair is None:
                raise _Declined
            return top, pair
        item = rest[2:].lstrip(" ")
        if not item or item[0] in "-#":
            raise _Declined
        pair = _split_key(item)
        if pair is None:
            top.data.append(_scalar(item))
            if self.want_lines:
                top.lines.children.append(Lines(number))
            return top, None
        item_col = col + len(rest) - len(item)
        return self._attach(top, _Frame(item_col, True, number, self.want_lines)), pair

    def _enter(self, col: int, dash: bool, number: int) -> _Frame:
        """The collection a line at ``col`` belongs to (a sequence for a dash line, else a
        mapping): a new block under a waiting key, the root, or an open one."""
        stack = self.stack
        if not stack:
            if col != 0:
                raise _Declined
            frame = _Frame(0, not dash, number, self.want_lines)
            stack.append(frame)
            return frame
        top = stack[-1]
        if self.pending is not None:
            if col <= top.col:
                raise _Declined
            return self._attach(top, _Frame(col, not dash, number, self.want_lines))
        while top.col > col:
            stack.pop()
            top = stack[-1]
        if top.col != col or top.is_map == dash:
            raise _Declined
        return top

    def _attach(self, parent: _Frame, frame: _Frame) -> _Frame:
        """Put a new collection under the waiting key or at the end of a sequence; open it."""
        if len(self.stack) >= MAX_DEPTH - 1:
            raise _Declined
        if parent.is_map:
            key, self.pending = self.pending, None
            parent.data[key] = frame.data
            if self.want_lines:
                parent.lines.children[key] = frame.lines
        else:
            parent.data.append(frame.data)
            if self.want_lines:
                parent.lines.children.append(frame.lines)
        self.stack.append(frame)
        return frame
