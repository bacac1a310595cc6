"""Escaping and quote highlighting of untrusted text."""

from __future__ import annotations

from dashboard.view.texts import excerpt_html, highlight
from events.corpus import Excerpt


def test_quotes_are_marked_and_everything_else_escaped() -> None:
    text = "Troops <img src=x onerror=alert(1)> crushed the rising in Hungary.[12]"
    out = highlight(text, ["crushed the rising"])
    assert "<img" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<mark>crushed the rising</mark>" in out
    assert '<sup class="fn">[12]</sup>' in out


def test_overlapping_quotes_merge_into_one_mark() -> None:
    out = highlight("one two three four", ["one two", "two three"])
    assert out == "<mark>one two three</mark> four"


def test_excerpt_block_shows_its_footnotes() -> None:
    excerpt = Excerpt(id="x-01", line=1, text="A <b>bold</b> claim.", footnotes=("4", "5"))
    out = excerpt_html(excerpt, ["claim"])
    assert "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "<mark>claim</mark>" in out
    assert "[4] [5]" in out
