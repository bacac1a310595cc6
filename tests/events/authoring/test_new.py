"""`histatlas new`: a valid empty pack, the corpus copied in, the import template."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from events.authoring.scaffold import SHEET_COLUMNS, NewPackError, new_pack
from events.pack import load_pack, validate_pack
from tests.dashboard.cli.test_data_cli import histatlas

REPO = Path(__file__).resolve().parents[3]


def test_new_makes_a_pack_that_validates_with_the_examples_commented(tmp_path: Path) -> None:
    target = tmp_path / "comecon"
    done = histatlas("new", str(target), "--title", 'Comecon: a "chapter"')
    assert done.returncode == 0, done.stderr
    assert histatlas("validate", str(target)).returncode == 0
    pack = load_pack(target)
    assert pack.manifest.title == 'Comecon: a "chapter"'
    assert (pack.organisations, pack.events, pack.relationships) == ((), (), ())
    examples = (target / "relationships.yaml").read_text(encoding="utf-8")
    assert "#   kind: member_of" in examples
    assert "excerpt: cac-01" in examples  # the examples use the pack's own excerpt ids


def test_new_copies_the_corpus_and_guesses_the_horizon_from_its_years(tmp_path: Path) -> None:
    text = tmp_path / "chapter.txt"
    text.write_text("Comecon was founded in January 1949.\nIt was dissolved in 1991.\n", "utf-8")
    pack = load_pack(new_pack(tmp_path / "p", "Comecon", text))
    assert pack.manifest.corpus == "chapter.txt"
    assert [e.text for e in pack.excerpts] == [
        "Comecon was founded in January 1949.",
        "It was dissolved in 1991.",
    ]
    assert (str(pack.manifest.horizon.start), str(pack.manifest.horizon.end)) == ("1949", "1991")
    assert [p.message for p in validate_pack(tmp_path / "p") if p.is_error] == []


def test_new_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    done = histatlas("new", str(target), "--title", "T")
    assert done.returncode == 1
    assert "is not an empty folder" in done.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert histatlas("new", str(empty), "--title", "T").returncode == 0  # an empty one is fine


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeW\x00a\x00r\x00", "not UTF-8 (byte 0xff at offset 0)"),
        (b"  \n\n", "the text is empty"),
        (b"Fine line.\nA bell \x07 here.\n", "control character"),
    ],
)
def test_new_refuses_a_corpus_it_cannot_use_and_makes_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    corpus = tmp_path / "text.txt"
    corpus.write_bytes(content)
    with pytest.raises(NewPackError, match=re.escape(message)):
        new_pack(tmp_path / "p", "T", corpus)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["text.txt"]  # no half-made pack


def test_the_template_holds_every_column_import_reads(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    done = histatlas("new", "--template", str(tmp_path / "t.csv"))
    assert done.returncode == 0, done.stderr
    with (tmp_path / "t.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(SHEET_COLUMNS)
    assert histatlas("new", "--template", str(tmp_path / "t.xlsx")).returncode == 0
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet[1]] == list(SHEET_COLUMNS)
    assert histatlas("new", "--template", str(tmp_path / "t.ods")).returncode == 2
    assert histatlas("new", str(tmp_path / "x")).returncode == 2  # no title
