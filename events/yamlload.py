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

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
# C0 and C1 control characters and DEL, except tab, newline and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCT = yaml.constructor.SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCT.construct_yaml_null,
}


class YamlError(ValueError):
    """The file cannot be read as safe YAML; ``line`` is 1-based (0: the whole file)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlDoc:
    """Plain data (dicts, lists, str, int, float, bool, None) and the node it came from."""

    data: Any
    node: yaml.Node | None


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
    reject_control_characters(text)
    _screen_events(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _as_yaml_error(exc) from None
    if node is None:
        return YamlDoc(None, None)
    return YamlDoc(_to_python(node), node)


def _screen_events(text: str) -> None:
    """Walk the event stream once: reject tags, anchors, aliases, depth and extra documents."""
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(line, "more than one YAML document in the file")
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(line, "YAML aliases (*name) are not allowed")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlError(line, f"YAML anchors (&{anchor}) are not allowed")
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise YamlError(line, f"YAML tags are not allowed (found {tag})")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(line, f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _as_yaml_error(exc) from None


def _as_yaml_error(exc: yaml.YAMLError) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {context + ', ' if context else ''}{problem}"
    return YamlError(line, " ".join(message.split()))


def _to_python(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        convert = _SCALARS.get(node.tag)
        if convert is None:
            return node.value
        try:
            return convert(node)
        except ValueError:  # e.g. an int of more digits than Python converts
            line = node.start_mark.line + 1
            raise YamlError(line, f"number with {len(node.value):,} digits is too large") from None
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_node.start_mark.line + 1, "mapping keys must be plain text")
            key = str(key_node.value)
            if key in result:
                raise YamlError(key_node.start_mark.line + 1, f"duplicate key '{key}'")
            result[key] = _to_python(value_node)
        return result
    raise YamlError(node.start_mark.line + 1, f"unsupported YAML node {type(node).__name__}")


def line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int:
    """The 1-based line of the deepest node along ``loc`` (a path of keys and indexes)."""
    if node is None:
        return 0
    current = node
    for step in loc:
        child = _child(current, step)
        if child is None:
            break
        current = child
    return current.start_mark.line + 1


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]  # type: ignore[no-any-return]
    return None
