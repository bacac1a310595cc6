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


def test_an_event_on_a_day_shows_that_day_and_what_lasts_says_since() -> None:
    from dashboard.view.texts import record_span, span_text
    from events.dates import HistDate
    from events.pack import load_pack

    pack = load_pack(None)
    signed = pack.records_by_id["warsaw-pact-founded"]  # "The Warsaw Pact is signed in Warsaw"
    assert signed.end is None
    assert record_span(signed) == "14 May 1955"  # not "14 May 1955 – (open)"
    day = HistDate.parse("1955-05-14")
    assert span_text(day, None) == "since 14 May 1955"
    assert span_text(HistDate.parse("1961"), None) == "since c. 1961"
    assert span_text(HistDate.parse("1961"), None, point=True) == "1961"
    assert span_text(day, HistDate.parse("1991-07-01")) == "14 May 1955 – 1 July 1991"
