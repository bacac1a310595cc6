"""The loader: a valid pack loads whole; every kind of damage gives its exact problem line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from events.model import Pack
from events.pack import PackError, load_pack, validate_pack

# fixture directory -> every problem line validate_pack must give (path shown as given).
EXPECTED: dict[str, list[str]] = {
    "bad-yaml": [
        "events.yaml:6: -: -: invalid YAML: while parsing a flow node, did not find expected "
        "node content"
    ],
    "missing-field": ["events.yaml:1: league-founded: title: required field is missing"],
    "unknown-field": [
        "events.yaml:1: league-founded: title: required field is missing",
        "events.yaml:2: league-founded: titel: unknown field (not part of the pack format)",
    ],
    "wrong-type": ["events.yaml:5: league-founded: places: input should be a valid list"],
    "impossible-date": [
        "corpus.txt:2: t-02: -: warning: excerpt is linked by no record",
        "relationships.yaml:24: borduria-occupies-syldavia: end: '1955-02-30' is not a valid "
        "date: February 1955 has 28 days",
    ],
    "bad-date-format": [
        "events.yaml:4: league-founded: start: 'May 1950' is not a date like 1955, 1955-05 or "
        "1955-05-14"
    ],
    "end-before-start": [
        "relationships.yaml:24: borduria-occupies-syldavia: end: end 1954 is not after start "
        "1955-03"
    ],
    "unknown-polity": [
        "relationships.yaml:21: borduria-occupies-syldavia: subject: unknown polity or "
        "organisation 'atlantis'"
    ],
    "unknown-organisation": [
        "relationships.yaml:4: borduria-in-league: object: unknown polity or organisation "
        "'southern-league'"
    ],
    "unknown-excerpt": [
        "organisations.yaml:9: northern-league: excerpts[0].excerpt: unknown excerpt 't-09'"
    ],
    "duplicate-id": [
        "relationships.yaml:10: borduria-in-league: id: duplicate id (first defined at "
        "{root}/relationships.yaml:1)"
    ],
    "quote-not-verbatim": [
        "events.yaml:11: league-founded: excerpts[0].quote: quote not found verbatim in excerpt "
        "t-01: 'founded the Northern League at Klow in 1950'"
    ],
    "context-without-note": [
        "relationships.yaml:26: borduria-occupies-syldavia: provenance: a context record needs a "
        "note naming its reference"
    ],
    "wrong-kind-side": [
        "relationships.yaml:4: borduria-in-league: object: member_of needs an organisation as "
        "object, 'syldavia' is a polity"
    ],
    "yaml-tag": [
        "events.yaml:3: -: -: YAML tags are not allowed (found "
        "tag:yaml.org,2002:python/object/apply:os.system)"
    ],
    "yaml-alias": ["events.yaml:8: -: -: YAML anchors (&p) are not allowed"],
    "unknown-tour-focus": ["tours.yaml:8: league-tour: slides[0].focus[1]: unknown id 'atlantis'"],
    "corpus-not-utf8": ["corpus.txt:1: -: -: not valid UTF-8 (byte 55: invalid continuation byte)"],
    "corpus-empty": ["corpus.txt:0: -: -: the corpus is empty (no non-blank line)"],
    "manifest-missing": ["manifest.yaml:0: -: -: required file is missing"],
    "symlink-escape": [
        "events.yaml:0: -: -: is a symlink leading outside the pack directory; refused"
    ],
}


def _lines(root: Path) -> list[str]:
    return [str(p) for p in validate_pack(root) if "gazetteer is not available" not in p.message]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_damage_gives_its_exact_problem_lines(fixtures: Path, name: str) -> None:
    root = fixtures / name
    expected = [f"{root}/{line}".replace("{root}", str(root)) for line in EXPECTED[name]]
    assert _lines(root) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_damaged_pack_is_never_returned(fixtures: Path, name: str) -> None:
    with pytest.raises(PackError) as info:
        load_pack(fixtures / name)
    errors = [str(p) for p in info.value.problems if p.is_error]
    assert errors, "PackError carries the problems"
    assert str(info.value.problems[0]) in errors[0]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path, fixtures: Path) -> None:
    pack = shutil.copytree(fixtures / "valid", tmp_path / "pack")
    events = pack / "events.yaml"
    text = events.read_text().replace("start: 1950-05-14", "start: 1950-02-30")
    events.write_text(text.replace("kind: founding", "kind: Founding!"))
    rel = pack / "relationships.yaml"
    rel.write_text(rel.read_text().replace("subject: syldavia", "subject: atlantis"))
    assert _lines(pack) == [
        f"{pack}/events.yaml:3: league-founded: kind: string should match pattern "
        "'^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        f"{pack}/events.yaml:4: league-founded: start: '1950-02-30' is not a valid date: "
        "February 1950 has 28 days",
        f"{pack}/relationships.yaml:12: syldavia-in-league: subject: unknown polity or "
        "organisation 'atlantis'",
    ]


def test_the_valid_fixture_loads_whole(tiny_pack: Pack) -> None:
    assert [e.id for e in tiny_pack.excerpts] == ["t-01", "t-02", "t-03"]
    assert tiny_pack.excerpts[0].footnotes == ("2",)
    assert [r.id for r in tiny_pack.relationships] == [
        "borduria-in-league",
        "syldavia-in-league",
        "borduria-occupies-syldavia",
    ]
    assert tiny_pack.relationships[2].attributes == {"troops": 5000, "approximate": True}
    assert tiny_pack.tours[0].slides[0].focus == ["northern-league", "syldavia"]
    assert [r.id for r in tiny_pack.linked_by("t-01")] == [
        "northern-league",
        "league-founded",
        "borduria-in-league",
    ]


def test_an_unlinked_excerpt_is_a_warning_not_an_error(fixtures: Path) -> None:
    pack = load_pack(fixtures / "unlinked-excerpt")
    warnings = [str(w) for w in pack.warnings if "gazetteer" not in w.message]
    assert warnings == [
        f"{fixtures / 'unlinked-excerpt'}/corpus.txt:3: t-03: -: warning: excerpt is linked by "
        "no record"
    ]


def test_loading_is_pure(fixtures: Path) -> None:
    a, b = load_pack(fixtures / "valid"), load_pack(fixtures / "valid")
    assert a is not b
    assert a.relationships == b.relationships
    assert a.excerpts == b.excerpts


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, fixtures: Path) -> None:
    pack = shutil.copytree(fixtures / "valid", tmp_path / "pack")
    with (pack / "events.yaml").open("ab") as handle:
        handle.write(b"#" * (5 * 1024 * 1024))
    lines = _lines(pack)
    assert lines[0].startswith(f"{pack}/events.yaml:0: -: -: file is ")
    assert lines[0].endswith("bytes; the limit is 5,242,880 bytes")


def test_a_missing_directory_is_one_problem(tmp_path: Path) -> None:
    assert _lines(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}:0: -: -: pack directory not found"
    ]


def test_problem_lines_escape_control_characters(tmp_path: Path, fixtures: Path) -> None:
    pack = shutil.copytree(fixtures / "valid", tmp_path / "pack")
    events = pack / "events.yaml"
    events.write_text(
        events.read_text()
        .replace("in Klow in 1950}", 'in \\e[2JKlow in 1950"}')
        .replace("{excerpt: t-01, quote: founded", '{excerpt: t-01, quote: "founded')
    )
    (line,) = [x for x in _lines(pack) if "quote" in x]
    assert "\x1b" not in line
    assert "\\x1b[2JKlow" in line


def test_record_files_may_be_split_into_parts(tmp_path: Path, fixtures: Path) -> None:
    pack_dir = shutil.copytree(fixtures / "valid", tmp_path / "pack")
    whole = (pack_dir / "relationships.yaml").read_text()
    first, rest = whole.split("- id: syldavia-in-league", 1)
    (pack_dir / "relationships.yaml").write_text(first)
    (pack_dir / "relationships-later.yaml").write_text("- id: syldavia-in-league" + rest)
    pack = load_pack(pack_dir)
    assert [r.id for r in pack.relationships] == [
        "borduria-in-league",
        "syldavia-in-league",
        "borduria-occupies-syldavia",
    ]
    (pack_dir / "relationships-later.yaml").write_text(
        ("- id: syldavia-in-league" + rest).replace("subject: syldavia", "subject: atlantis")
    )
    assert _lines(pack_dir) == [
        f"{pack_dir}/relationships-later.yaml:3: syldavia-in-league: subject: unknown polity or "
        "organisation 'atlantis'"
    ]
