"""The safe YAML reader: what it refuses, and the lines it reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from events import yamlload
from events.pack import DEFAULT_PACK_DIR
from events.yamlload import (
    MAX_DEPTH,
    Lines,
    YamlError,
    line_of,
    parse_yaml,
    read_bytes_limited,
    read_yaml,
)

# A record as packs write it, with what the generated packs never have (comments, a blank
# line, escapes, YAML 1.1 booleans and nulls).
RECORD = """\
# a comment line
- id: event-000001
  title: "Synthetic battle 1"
  start: "1850-03-02"

  places:
    - polity: poland
    - lat: 52.5
      lon: -21.25
      label: 'Place ''1'''
  excerpts:
    - excerpt: syn-01
      quote: "the \\"workers\\" party"
- id: event-000002
  attributes:
    troops: 36000
    approximate: yes
    none: ~
"""
HOSTILE = [
    ("a: !!python/object/apply:os.system [ls]\n", 1, "YAML tags are not allowed"),
    ("a: !custom 1\n", 1, "YAML tags are not allowed (found !custom)"),
    ("a: !!map {b: 1}\n", 1, "YAML tags are not allowed"),
    ("a: &x [1]\nb: *x\n", 1, "YAML anchors (&x) are not allowed"),
    ("a: 1\nb: *x\n", 2, "YAML aliases (*name) are not allowed"),
    ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
    ("- id: x\n  note: |\n    a\n  id: y\n", 4, "duplicate key 'id'"),
    ("? [a]\n: b\n", 1, "mapping keys must be plain text"),
    ("a: 1\n---\nb: 2\n", 2, "more than one YAML document in the file"),
    ("a: b\x00c\n", 1, "control characters are not allowed (found U+0000)"),
    ("a: " + "9" * 5000 + "\n", 1, "number with 5,000 digits is too large"),
    ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 1, f"deeper than {MAX_DEPTH}"),
    (
        "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * 33 + "x: 1\n",
        33,
        "deeper",
    ),
]


def _tree(lines: Lines | None) -> Any:
    """A line tree as plain tuples, to compare."""
    if lines is None or lines.children is None:
        return None if lines is None else lines.line
    if isinstance(lines.children, dict):
        return lines.line, {key: _tree(child) for key, child in lines.children.items()}
    return lines.line, [_tree(child) for child in lines.children]


def test_dates_stay_text_and_scalars_keep_their_types() -> None:
    doc = parse_yaml("- start: 1955-05-14\n  year: 1955\n  ok: true\n  none: null\n  x: 1.5\n")
    assert doc.data == [{"start": "1955-05-14", "year": 1955, "ok": True, "none": None, "x": 1.5}]


def test_a_pack_record_is_read_with_its_escapes_and_lines() -> None:
    doc = parse_yaml(RECORD)
    first, second = doc.data
    assert first["places"][1] == {"lat": 52.5, "lon": -21.25, "label": "Place '1'"}
    assert first["excerpts"][0]["quote"] == 'the "workers" party'
    assert second["attributes"] == {"troops": 36000, "approximate": True, "none": None}
    assert line_of(doc.node, (0, "places", 1, "label")) == 10
    assert line_of(doc.node, (0, "excerpts", 0, "quote")) == 13
    assert line_of(doc.node, (1, "attributes", "none")) == 18
    second_lines = doc.lines.item(1)
    assert second_lines is not None
    assert second_lines.line == 14
    assert doc.lines.item(2) is None


def test_an_empty_file_is_no_data() -> None:
    doc = parse_yaml("# nothing yet\n")
    assert doc.data is None
    assert doc.node is None


def test_line_of_follows_keys_and_indexes_to_the_deepest_node() -> None:
    doc = parse_yaml("- id: a\n  excerpts:\n    - excerpt: x\n      quote: q\n")
    assert line_of(doc.node, (0, "excerpts", 0, "quote")) == 4
    assert line_of(doc.node, (0, "missing")) == 1


@pytest.mark.parametrize(("text", "line", "message"), HOSTILE)
def test_hostile_or_broken_yaml_is_refused(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    assert info.value.line == line
    assert message in info.value.message


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: [1\n", 2), ("- a: 1\n b: 2\n", 2), ("a: b\n  c: d\n", 2), ("a: 'open\n", 2)],
)
def test_syntax_errors_name_their_line(text: str, line: int) -> None:
    with pytest.raises(YamlError, match=r"^invalid YAML: ") as info:
        parse_yaml(text)
    assert info.value.line == line


def test_nesting_up_to_the_limit_is_read() -> None:
    doc = parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    depth, value = 1, doc.data["a"]  # the mapping, then the lists inside one another
    while isinstance(value, list):
        depth += 1
        value = value[0] if value else None
    assert depth == MAX_DEPTH


def test_files_over_the_limit_are_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    with pytest.raises(YamlError, match="file is 101 bytes; the limit is 100 bytes"):
        read_bytes_limited(big, limit=100)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_libyaml_parses_when_pyyaml_has_it() -> None:
    assert yamlload._Loader is yaml.CSafeLoader


def test_without_libyaml_the_pure_python_parser_gives_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [RECORD, *(p.read_text("utf-8") for p in sorted(DEFAULT_PACK_DIR.glob("*.yaml")))]
    read = [(repr(d.data), _tree(d.node)) for d in map(parse_yaml, texts)]
    refused = [_refusal(text) for text, _, _ in HOSTILE]
    monkeypatch.setattr(yamlload, "_Loader", yaml.SafeLoader)
    assert [(repr(d.data), _tree(d.node)) for d in map(parse_yaml, texts)] == read
    assert [_refusal(text) for text, _, _ in HOSTILE] == refused
    manifest = read_yaml(DEFAULT_PACK_DIR / "manifest.yaml")
    assert manifest.data["corpus"]


def _refusal(text: str) -> tuple[int, str]:
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    return info.value.line, info.value.message.split(" (found")[0]
