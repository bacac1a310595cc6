"""What changed, under the map's title: the year's changes with links and excerpts."""

from __future__ import annotations

from tests.app.helpers import run_app


def _changes(at) -> tuple[str, str]:
    expander = next(e for e in at.expander if e.label.startswith("What changed"))
    return expander.label, "\n".join(m.value for m in expander.markdown)


def test_1991_lists_the_ussr_ending_and_the_pact_dissolved() -> None:
    at = run_app({"year": "1991"})
    assert not at.exception
    label, text = _changes(at)
    assert label.startswith("What changed in 1991 (")
    assert "**States ended:**" in text
    assert "Soviet Union" in text.split("**States ended:**")[1].split("\n")[0]
    assert "**States formed:**" in text
    assert "Estonia" in text
    assert "more" in text.split("**States formed:**")[1].split("\n")[0]  # a long list is cut
    # Each record links to its own focused view and quotes its excerpt.
    assert "focus=warsaw-pact-dissolved" in text
    assert "year=1991" in text
    assert "“" in text


def test_an_exact_day_shows_the_year_before_it() -> None:
    at = run_app({"date": "1955-05-20"})
    label, text = _changes(at)
    assert label.startswith("What changed in the year to 1955-05-20")
    assert "focus=" in text
