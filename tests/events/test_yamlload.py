"""The safe YAML reader: what it refuses, and the lines it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.yamlload import MAX_DEPTH, YamlError, line_of, parse_yaml, read_bytes_limited


def test_dates_stay_text_and_scalars_keep_their_types() -> None:
    doc = parse_yaml("- start: 1955-05-14\n  year: 1955\n  ok: true\n  none: null\n  x: 1.5\n")
    assert doc.data == [{"start": "1955-05-14", "year": 1955, "ok": True, "none": None, "x": 1.5}]


def test_line_of_follows_keys_and_indexes_to_the_deepest_node() -> None:
    doc = parse_yaml("- id: a\n  excerpts:\n    - excerpt: x\n      quote: q\n")
    assert line_of(doc.node, (0, "excerpts", 0, "quote")) == 4
    assert line_of(doc.node, (0, "missing")) == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", 1, "YAML tags are not allowed"),
        ("a: !custom 1\n", 1, "YAML tags are not allowed (found !custom)"),
        ("a: &x [1]\nb: *x\n", 1, "YAML anchors (&x) are not allowed"),
        ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
        ("a: 1\n---\nb: 2\n", 2, "more than one YAML document in the file"),
        ("a: [1\n", 2, "invalid YAML"),
        ("a: b\x00c\n", 1, "control characters are not allowed (found U+0000)"),
        ("a: " + "9" * 5000 + "\n", 1, "number with 5,000 digits is too large"),
        ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 1, f"deeper than {MAX_DEPTH}"),
    ],
)
def test_hostile_or_broken_yaml_is_refused(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    assert info.value.line == line
    assert message in info.value.message


def test_files_over_the_limit_are_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    with pytest.raises(YamlError, match="file is 101 bytes; the limit is 100 bytes"):
        read_bytes_limited(big, limit=100)
