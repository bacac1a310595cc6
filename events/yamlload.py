"""Safe YAML reading for packs: plain data plus the node tree, so problems get line numbers.

Hostile input is refused before anything is built: files over MAX_BYTES, non-UTF-8 bytes,
tags of any kind (``!!python/object`` and friends), anchors and aliases (the "billion
laughs"), nesting deeper than MAX_DEPTH, duplicate keys and more than one document.
Dates stay text (``1955-05-14`` is not turned into a ``datetime.date``) so the pack's own
date type parses them with their precision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from events.gcpause import gc_paused

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "LineIndex",
    "Lines",
    "YamlDoc",
    "YamlError",
    "decode_utf8",
    "line_of",
    "parse_events",
    "parse_yaml",
    "read_bytes_limited",
    "read_yaml",
    "reject_control_characters",
]

MAX_BYTES = 5 * 1024 * 1024
# C0 and C1 control characters and DEL, except tab, newline and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

MAX_DEPTH = 32
# libyaml's C parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


class YamlError(ValueError):
    """The file cannot be read as safe YAML; ``line`` is 1-based (0: the whole file)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LineIndex:
    """The line tree of one file: where each value of its data sits."""

    __slots__ = ("tree",)

    def __init__(self, tree: Lines | None = None) -> None:
        self.tree = tree

    def item(self, index: int) -> Lines | None:
        """The lines of the root sequence's item ``index`` (None when there is none)."""
        tree = self.tree
        if tree is None or not isinstance(tree.children, list) or index >= len(tree.children):
            return None
        return tree.children[index]


class YamlDoc:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part of it is."""

    __slots__ = ("data", "lines")

    def __init__(self, data: Any, lines: LineIndex) -> None:
        self.data = data
        self.lines = lines

    @property
    def node(self) -> Lines | None:
        return self.lines.tree


def read_bytes_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise YamlError(0, f"file is {size:,} bytes; the limit is {limit:,} bytes")
    data = path.read_bytes()
    if len(data) > limit:  # the file grew while we looked
        raise YamlError(0, f"file is over the limit of {limit:,} bytes")
    return data


def decode_utf8(data: bytes) -> str:
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(line, f"not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    return text.removeprefix("\ufeff")


def reject_control_characters(text: str) -> None:
    """Raise YamlError at the first control character other than tab, newline, return."""
    match = _CONTROL.search(text)
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        code = f"U+{ord(match.group()):04X}"
        raise YamlError(line, f"control characters are not allowed (found {code})")


def read_yaml(path: Path) -> YamlDoc:
    """Read one YAML file safely; raises YamlError with the line of the first fault."""
    return parse_yaml(decode_utf8(read_bytes_limited(path)))


def parse_yaml(text: str) -> YamlDoc:
    """Refuse what is unsafe and build data and lines in one pass over libyaml's events.

    (A second, home-made reader for plain block YAML was dropped: it gained 0.25 s on a
    10,000-record pack and nothing on the built-in one; docs/yaml-reader.md has the figures.)
    """
    reject_control_characters(text)
    return parse_events(text)


def parse_events(text: str) -> YamlDoc:
    """The full reader: one pass over libyaml's event stream (control characters must have
    been refused already)."""
    builder = _Builder()
    with gc_paused():
        try:
            for event in yaml.parse(text, Loader=_Loader):
                builder.feed(event)
        except yaml.YAMLError as exc:
            raise _as_yaml_error(exc) from None
    return YamlDoc(builder.root_data, LineIndex(builder.root_lines))


@dataclass(slots=True)
class _Frame:
    data: dict[str, Any] | list[Any]
    lines: Lines
    key: str | None = None  # a mapping's key waiting for its value


class _Builder:
    """Turns parse events into plain data plus a parallel tree of line numbers."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root_data: Any = None
        self.root_lines: Lines | None = None

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._refuse_anchor_or_tag(event)
            self._scalar(event)
        elif kind is yaml.MappingStartEvent:
            self._refuse_anchor_or_tag(event)
            self._push({}, Lines(event.start_mark.line + 1, {}))
        elif kind is yaml.SequenceStartEvent:
            self._refuse_anchor_or_tag(event)
            self._push([], Lines(event.start_mark.line + 1, []))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            self._attach(frame.data, frame.lines)
        elif kind is yaml.AliasEvent:
            raise YamlError(event.start_mark.line + 1, "YAML aliases (*name) are not allowed")
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                line = event.start_mark.line + 1
                raise YamlError(line, "more than one YAML document in the file")

    @staticmethod
    def _refuse_anchor_or_tag(event: Any) -> None:
        if event.anchor is not None:
            line = event.start_mark.line + 1
            raise YamlError(line, f"YAML anchors (&{event.anchor}) are not allowed")
        if event.tag is not None:
            line = event.start_mark.line + 1
            raise YamlError(line, f"YAML tags are not allowed (found {event.tag})")

    def _push(self, data: dict[str, Any] | list[Any], lines: Lines) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlError(lines.line, f"nesting deeper than {MAX_DEPTH} levels")
        if self.stack:
            top = self.stack[-1]
            if top.key is None and type(top.data) is dict:
                raise YamlError(lines.line, "mapping keys must be plain text")
        self.stack.append(_Frame(data, lines))

    def _scalar(self, event: Any) -> None:
        line = event.start_mark.line + 1
        if self.stack:
            top = self.stack[-1]
            if top.key is None and type(top.data) is dict:
                if event.value in top.data:
                    raise YamlError(line, f"duplicate key '{event.value}'")
                top.key = event.value
                return
        self._attach(_scalar_value(event, line), Lines(line))

    def _attach(self, value: Any, lines: Lines) -> None:
        if not self.stack:
            self.root_data, self.root_lines = value, lines
            return
        top = self.stack[-1]
        data: Any = top.data
        children: Any = top.lines.children
        if type(data) is list:
            data.append(value)
            children.append(lines)
        else:
            data[top.key] = value
            children[top.key] = lines
            top.key = None


def _scalar_value(event: Any, line: int) -> Any:
    """A scalar as YAML 1.1 resolves it, except that dates stay text."""
    if not event.implicit[0]:
        return event.value  # quoted or block text
    try:
        return resolve_plain(event.value)
    except ValueError:  # e.g. an int of more digits than Python converts
        raise YamlError(line, f"number with {len(event.value):,} digits is too large") from None


def _as_yaml_error(exc: yaml.YAMLError) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {context + ', ' if context else ''}{problem}"
    return YamlError(line, " ".join(message.split()))


def line_of(node: Lines | None, loc: Sequence[str | int]) -> int:
    """The 1-based line of the deepest value along ``loc`` (a path of keys and indexes)."""
    if node is None:
        return 0
    current = node
    for step in loc:
        child = _child(current, step)
        if child is None:
            break
        current = child
    return current.line


def _child(lines: Lines, step: str | int) -> Lines | None:
    children = lines.children
    if isinstance(children, dict) and isinstance(step, str):
        return children.get(step)
    if isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children):
        return children[step]
    return None
