"""The fast reader for plain block YAML: what it accepts it reads exactly as libyaml does."""

from __future__ import annotations

import random
from typing import Any

import pytest

from events.yamlfast import Lines, parse_plain
from events.yamlload import YamlError, parse_events, parse_yaml, reject_control_characters

RECORD = """\
# a comment line
- id: event-000001
  title: "Synthetic battle 1"
  kind: battle
  start: "1850-03-02"

  places:
    - polity: poland
    - lat: 52.5
      lon: -21.25
      label: 'Place ''1'''
  provenance: context
  note: Synthetic reference note; for benchmarks.
  excerpts:
    - excerpt: syn-01
      quote: "the \\"workers\\" party"
- id: event-000002
  attributes:
    troops: 36000
    approximate: yes
    none: ~
"""

COMMON = [
    "plain",
    "event-000001",
    '"Synthetic battle 1"',
    '"1850-03-02"',
    "52.123",
    "-21.5",
    "36000",
    "context",
    "Invented for the tests; the date is made up.",
]
SCALARS = [
    "plain",
    "two  words",
    "stated",
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "Null",
    "~",
    "0",
    "-7",
    "+7",
    "012",
    "0x1F",
    "0b101",
    "1_000",
    "3.25",
    "-0.5",
    "1e5",
    "1.5e+3",
    "6.8523015e+5",
    ".inf",
    "-.NaN",
    ".5",
    "1955",
    "1955-05-14",
    "2001-12-14t21:59:43.10-05:00",
    "12:30",
    "190:20:30",
    "9" * 30,
    "-" + "9" * 19,
    "a #b",
    "a#b",
    "x: y",
    "x:y",
    "Kraków",
    "a\u00a0b",
    "it's",
    'say "hi"',
    "Mstislavl, Mogilev",
    "a; b (c) d/e",
    "=",
    "<<",
    "%pct",
    "@at",
    "`tick",
    "-x",
    "-.5",
    "--",
    "- item",
    "?",
    "? q",
    "x ?",
    "a\\b",
    '"quoted"',
    '""',
    '"a\\"b"',
    '"tab\\there"',
    '"\\e\\N\\_\\L\\P\\0\\/\\ "',
    '"\\x41"',
    '"\\u00e9"',
    '"bad\\q"',
    '"a\tb"',
    '"unterminated',
    '"a" b',
    '"a" # c',
    "'single'",
    "''",
    "'it''s'",
    "'unterminated",
    "[1, 2]",
    "{a: 1}",
    "&anchor x",
    "*alias",
    "!tag x",
    "!!str 1",
    "|",
    ">-",
    "a\tb",
    "\u2028",
    "x\ufeff",
]
KEYS = ["id", "name", "start", "a_b", "Key", "on", "yes", "x-y", "1", "ключ", "a b", '"q"', "<<"]
MUTATIONS = [
    lambda line: " " + line,
    lambda line: line[1:] if line.startswith(" ") else line,
    lambda line: line + " # comment",
    lambda line: line + "   ",
    lambda line: "\t" + line,
    lambda line: line.replace(": ", ":", 1),
    lambda line: line.replace("- ", "-   ", 1),
    lambda line: line.replace("- ", "- - ", 1),
    lambda line: line + "\n" + line,
    lambda line: line + "\n---",
    lambda line: line + "\n\n   \n# note",
    lambda line: line + "\r",
    lambda line: "- " + line.lstrip(" "),
]


def _scalar(rng: random.Random) -> str:
    return rng.choice(SCALARS if rng.random() < 0.25 else COMMON)


def _mapping(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for key in rng.sample(["id", "name", "start", "note", "a_b", "kind"], rng.randint(1, 4)):
        lines += _entry(rng, " " * indent + key + ":", indent, depth)
    return lines


def _entry(rng: random.Random, head: str, indent: int, depth: int) -> list[str]:
    if depth > 3 or rng.random() < 0.7:
        return [f"{head} {_scalar(rng)}"]
    step = rng.choice((2, 4))
    if rng.random() < 0.5:
        return [head, *_mapping(rng, indent + step, depth + 1)]
    return [head, *_sequence(rng, indent + step, depth + 1)]


def _sequence(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.4:
            lines.append(" " * indent + "- " + _scalar(rng))
        else:
            item = _mapping(rng, indent + 2, depth + 1)
            lines += [" " * indent + "- " + item[0].lstrip(" "), *item[1:]]
    return lines


def _document(rng: random.Random) -> str:
    lines = _sequence(rng, 0, 0) if rng.random() < 0.6 else _mapping(rng, 0, 0)
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        index = rng.randrange(len(lines))
        if rng.random() < 0.2:
            lines[index] = lines[index].replace("name", rng.choice(KEYS), 1)
        else:
            lines[index] = rng.choice(MUTATIONS)(lines[index])
    return "\n".join(lines) + rng.choice(("\n", "", "\n\n"))


def _tree(lines: Lines | None) -> Any:
    if lines is None:
        return None
    if isinstance(lines.children, dict):
        return lines.line, {k: _tree(v) for k, v in lines.children.items()}
    if isinstance(lines.children, list):
        return lines.line, [_tree(v) for v in lines.children]
    return lines.line


def _full_reader(text: str) -> tuple[Any, Any] | None:
    try:
        reject_control_characters(text)
        doc = parse_events(text)
    except YamlError:
        return None
    return doc.data, _tree(doc.node)


def test_pack_shaped_text_is_read_fast_with_the_same_data_and_lines() -> None:
    fast = parse_plain(RECORD)
    assert fast is not None
    assert (fast[0], _tree(fast[1])) == _full_reader(RECORD)
    assert fast[0][0]["excerpts"][0]["quote"] == 'the "workers" party'
    assert fast[0][1]["attributes"] == {"troops": 36000, "approximate": True, "none": None}


def test_lines_of_fast_read_text_are_built_when_first_asked_for() -> None:
    doc = parse_yaml(RECORD)
    assert doc.data == parse_events(RECORD).data
    assert _tree(doc.node) == _tree(parse_events(RECORD).node)


@pytest.mark.parametrize("seed", range(8))
def test_random_documents_are_read_as_libyaml_reads_them_or_declined(seed: int) -> None:
    rng = random.Random(seed)
    accepted = declined = 0
    for _ in range(300):
        text = _document(rng)
        fast = parse_plain(text)
        if fast is None:
            declined += 1
            continue
        accepted += 1
        full = _full_reader(text)
        assert full is not None, f"accepted what libyaml refuses: {text!r}"
        assert repr(fast[0]) == repr(full[0]), text  # repr: 1, 1.0 and True differ
        assert _tree(fast[1]) == full[1], text
    assert accepted > 50
    assert declined > 50


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "a:\n- 1\n",
        "a:\n",
        "- a: 1\n b: 2\n",
        "- a\n  b\n",
        "a: b\n  c: d\n",
        "a: " + "9" * 5000 + "\n",
        "".join(f"{' ' * 2 * i}k{i}:\n" for i in range(40)) + " " * 80 + "x: 1\n",
    ],
)
def test_what_only_the_full_reader_can_judge_is_declined(text: str) -> None:
    assert parse_plain(text) is None
