"""Corpus parsing: line numbers, footnote markers, strict UTF-8."""

from __future__ import annotations

import pytest

from events.corpus import CorpusError, parse_corpus
from events.pack import DEFAULT_PACK_DIR

SAMPLE = "[3] First sentence.\n[6][7] Second sentence.\nThird.One.Two.\n\n[9] Fifth."


def test_a_marker_at_the_start_of_line_n_belongs_to_line_n_minus_1() -> None:
    excerpts = parse_corpus(SAMPLE.encode(), "s")
    by_line = {e.line: e for e in excerpts}
    assert by_line[1].footnotes == ("6", "7")
    assert by_line[2].footnotes == ()
    assert by_line[2].leading_markers == ("6", "7")
    assert by_line[2].leading_markers_belong_to == "s-01"
    # Blank line 4 keeps its number; the marker on line 5 belongs to line 3.
    assert [e.line for e in excerpts] == [1, 2, 3, 5]
    assert by_line[3].footnotes == ("9",)


def test_line_1_markers_belong_to_a_sentence_outside_the_corpus() -> None:
    first = parse_corpus(SAMPLE.encode(), "s")[0]
    assert first.leading_markers == ("3",)
    assert first.leading_markers_belong_to is None
    assert first.text == "[3] First sentence."
    assert first.body == "First sentence."


def test_the_shipped_corpus_line_8_keeps_its_run_together_sentences() -> None:
    excerpts = parse_corpus(
        (DEFAULT_PACK_DIR / "proletarian-internationalism.txt").read_bytes(), "pi"
    )
    assert [e.id for e in excerpts] == [f"pi-{n:02d}" for n in range(1, 21)]
    line8 = excerpts[7]
    assert "of the working class.Wars are favored" in line8.text
    assert excerpts[2].footnotes == ("6", "7")  # line 4 starts with [6][7]
    assert excerpts[11].footnotes == ("16",)  # line 13 starts with [16]
    assert excerpts[0].leading_markers == ("3",)
    assert excerpts[0].leading_markers_belong_to is None
    assert excerpts[19].text.endswith('subjugating the Arab masses".')  # no trailing newline


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"ok\nKl\xf3w", 2, "not valid UTF-8 (byte 5: invalid continuation byte)"),
        (b"", 0, "the corpus is empty (no non-blank line)"),
        (b"\n \n", 0, "the corpus is empty (no non-blank line)"),
        (b"ok\nbad\x00byte", 2, "control character U+0000 in the corpus text"),
    ],
)
def test_unusable_corpora_are_refused_with_a_line(data: bytes, line: int, message: str) -> None:
    with pytest.raises(CorpusError) as info:
        parse_corpus(data, "s")
    assert (info.value.line, info.value.message) == (line, message)


def test_crlf_line_ends_are_not_part_of_the_text() -> None:
    excerpts = parse_corpus(b"One.\r\nTwo.\r\n", "s")
    assert [e.text for e in excerpts] == ["One.", "Two."]
