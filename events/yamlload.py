"""Safe YAML reading for packs: plain data plus the node tree, so problems get line numbers.

Hostile input is refused before anything is built: files over MAX_BYTES, non-UTF-8 bytes,
tags of any kind (``!!python/object`` and friends), anchors and aliases (the "billion
laughs"), nesting deeper than MAX_DEPTH, duplicate keys and more than one document.
Dates stay text (``1955-05-14`` is not turned into a ``datetime.date``) so the pack's own
date type parses them with their precision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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
_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
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

    (A second, home-made reader for plain block YAML was dropped: it declined the built-in
    pack and gained 0.2 s on a 10,000-record pack; docs/yaml-reader.md has the figures.)
    """
    reject_control_characters(text)
    return parse_events(text)


def parse_events(text: str) -> YamlDoc:
    """The full reader: one pass over libyaml's event stream (control characters must have
    been refused already)."""
    loader = _Loader(text)
    try:
        with gc_paused():
            data, lines = _build(loader.get_event)
    except yaml.YAMLError as exc:
        raise _as_yaml_error(exc) from None
    finally:
        loader.dispose()
    return YamlDoc(data, LineIndex(lines))


# One loop, no call per scalar: this is the hot path of a big pack (100,000 records make
# 3 million events; the method calls per event this loop replaced cost 1 s of a 6.7 s load).
def _build(next_event: Callable[[], Any]) -> tuple[Any, Lines | None]:
    """Plain data and its line tree from parse events, refusing what parse_yaml refuses."""
    root: list[Any] = []  # holds the document's value (at most one: a second document fails)
    root_lines: list[Lines] = []
    data: Any = root  # the open mapping or sequence, its lines' children and pending key
    children: Any = root_lines
    key: str | None = None
    is_map = False
    stack: list[tuple[Any, Any, bool]] = []
    documents = 0
    while True:
        event = next_event()
        kind = type(event)
        if kind is _SCALAR:
            if event.anchor is not None or event.tag is not None:
                raise _anchor_or_tag(event)
            value = event.value
            line = event.start_mark.line + 1
            if is_map and key is None:
                if value in data:
                    raise YamlError(line, f"duplicate key '{value}'")
                key = value
                continue
            if event.implicit[0] and value[:1] in _RESOLVERS:  # plain, maybe not text
                value = _plain(value, line)
            opened, opened_lines = value, Lines(line)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            line = _opening_line(event, len(stack), is_map and key is None)
            opened = {} if kind is _MAPPING_START else []
            opened_lines = Lines(line, {} if kind is _MAPPING_START else [])
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            data, children, is_map = stack.pop()
            key = None
            continue
        elif kind is yaml.StreamEndEvent or event is None:
            return (root[0], root_lines[0]) if root else (None, None)
        else:
            documents = _other_event(event, documents)
            continue
        if is_map:  # a container is attached when it opens and filled in place
            data[key] = opened
            children[key] = opened_lines
            key = None
        else:
            data.append(opened)
            children.append(opened_lines)
        if opened_lines.children is not None:
            stack.append((data, children, is_map))
            data, children, is_map = opened, opened_lines.children, kind is _MAPPING_START


def _opening_line(event: Any, depth: int, key_expected: bool) -> int:
    """The line of a mapping or sequence that opens at ``depth``, if it may open there."""
    line: int = event.start_mark.line + 1
    if event.anchor is not None or event.tag is not None:
        raise _anchor_or_tag(event)
    if depth >= MAX_DEPTH:
        raise YamlError(line, f"nesting deeper than {MAX_DEPTH} levels")
    if key_expected:
        raise YamlError(line, "mapping keys must be plain text")
    return line


def _other_event(event: Any, documents: int) -> int:
    """Refuse an alias or a second document; the number of documents started so far."""
    line: int = event.start_mark.line + 1
    if type(event) is yaml.AliasEvent:
        raise YamlError(line, "YAML aliases (*name) are not allowed")
    if type(event) is yaml.DocumentStartEvent:
        documents += 1
        if documents > 1:
            raise YamlError(line, "more than one YAML document in the file")
    return documents


def _anchor_or_tag(event: Any) -> YamlError:
    line = event.start_mark.line + 1
    if event.anchor is not None:
        return YamlError(line, f"YAML anchors (&{event.anchor}) are not allowed")
    return YamlError(line, f"YAML tags are not allowed (found {event.tag})")


def _plain(value: str, line: int) -> Any:
    """A plain scalar as YAML 1.1 resolves it, except that dates stay text."""
    try:
        return resolve_plain(value)
    except ValueError:  # e.g. an int of more digits than Python converts
        raise YamlError(line, f"number with {len(value):,} digits is too large") from None


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
