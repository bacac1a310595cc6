"""The world-wide sweep against CShapes 2.0: the choices file, the report, and (marker
``reference``, skipped when ../shared/reference is absent) the sweep's figures on a sample of
its dates, held at what was measured on 2026-12-04 (``python -m geodata.sweep``)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from geodata.codes import cow_spans
from geodata.polities import load_gazetteer
from geodata.sources.accuracy_report import Score, reference_file
from geodata.sources.cshapes_map import polities_by_cow
from geodata.sweep import (
    BEGIN,
    DAYS,
    END,
    NOTES,
    Summary,
    choice_of,
    read_choices,
    report,
    write_notes,
)


def test_every_choice_is_well_formed_and_names_a_source() -> None:
    choices = read_choices()
    assert len(choices) >= 10
    gazetteer = load_gazetteer()
    for c in choices:
        assert c.polity in gazetteer.ids(), c
        carriers = set(polities_by_cow().get(c.cow, ())) | {
            p for p, spans in cow_spans().items() if any(s.code == c.cow for s in spans)
        }
        assert c.polity in carriers, f"{c.polity} never carries COW {c.cow}"
        assert c.end is None or c.start < c.end, c
        assert len(c.what) > 20, c
        assert len(c.why) > 20, c
        assert re.search(r"1[89]\d\d|20\d\d", c.source), f"{c.polity}: the source needs its date"


def test_the_issues_extent_choices_are_decided() -> None:
    decided = {(c.cow, c.polity) for c in read_choices()}
    for pair in [(220, "france"), (2, "united-states"), (385, "norway"), (710, "china"),
                 (666, "israel"), (352, "cyprus"), (600, "morocco")]:  # fmt: skip
        assert pair in decided


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("cow,polity,start\n", "the header must be"),
        ("cow,polity,start,end,what,why,source\n2,usa,1900-01-01,,w,y,\n", "x.csv:3: needs 7"),
        ("cow,polity,start,end,what,why,source\n2,usa,1900-13-01,,w,y,s\n", "x.csv:3: month"),
    ],
)
def test_a_bad_choices_file_names_the_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text("# a note\n" + body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_choices(path)


def _score(cow: int, day: date, iou: float) -> Score:
    return Score(day, cow, f"unit {cow}", (f"p{cow}",), iou, 1.0, None, 10_000.0)


def test_the_report_keeps_choices_apart_from_errors() -> None:
    scores = [_score(666, date(1972, 7, 1), 0.232), _score(2, date(1972, 7, 1), 0.99)]
    text = report(scores, read_choices(), 1.0)
    assert "| all | 2 | 50.0% | 50.0% | 1 | 0.611 | 100.0% |" in text
    assert "| apart from documented choices | 1 | 100.0% | 100.0% | 0 | 0.990 | 100.0% |" in text
    assert "| 1972-07-01 | unit 666 (666) | p666 | 0.232 | 1.000 | choice 9 |" in text


def test_the_notes_section_is_replaced_between_its_markers(tmp_path: Path) -> None:
    path = tmp_path / "data.md"
    path.write_text(f"# Notes\n{BEGIN}\nold\n{END}\nafter\n", encoding="utf-8")
    write_notes("new", path)
    assert path.read_text(encoding="utf-8") == f"# Notes\n{BEGIN}\nnew\n{END}\nafter\n"
    assert BEGIN in NOTES.read_text(encoding="utf-8")


def test_the_dates_cover_the_overlap_every_five_years() -> None:
    assert DAYS[0] == date(1887, 7, 1)
    assert DAYS[-1] == date(1991, 7, 1)
    assert len(DAYS) == 22


# --- measured against CShapes 2.0 on a sample of the sweep's dates ---------------------------

SAMPLE = (date(1892, 7, 1), date(1932, 7, 1), date(1967, 7, 1))
# Share of state-dates with IoU >= 0.85 (all of them; apart from documented choices).
MEASURED = {1892: (0.894, 0.914), 1932: (0.952, 0.966), 1967: (0.991, 1.0)}
# State-dates under 0.85 that no choice explains: errors known and not yet fixed (issue 18; see
# "Known differences" in docs/data.md). Fixed since: Bolivia and Chile 1892 (Acre, the Puna de
# Atacama), Siam 1892 (its cessions of 1904-1909), North Yemen 1932 and 1967 (the pre-2000 Saudi
# line); the Netherlands 1892 is a documented choice (Luxembourg after 1890-11-23).
KNOWN_BELOW = {
    # Ecuador drawn with the Rio Protocol line (1942-01-29) from the start, so Peru lacks nothing
    # and has Ecuador's Oriente; Paraguay with the Chaco Boreal before the Chaco peace
    # (1938-07-21): no sourced pre-war line to draw.
    (130, 1892): 0.73,
    (135, 1892): 0.84,
    (150, 1892): 0.72,
    (130, 1932): 0.73,
    (150, 1932): 0.72,
}


@cache
def sample_scores() -> tuple[Score, ...]:
    from geodata.sources.cshapes import read_rows
    from geodata.sweep import sweep

    return tuple(sweep(read_rows(reference_file()), SAMPLE))


@pytest.mark.parametrize("day", SAMPLE)
@pytest.mark.reference
@pytest.mark.skipif(not reference_file().exists(), reason="../shared/reference absent")
def test_the_share_over_085_holds_on_the_sample(day: date) -> None:
    choices = read_choices()
    today = [s for s in sample_scores() if s.day == day]
    errors = [s for s in today if choice_of(s, choices) is None]
    good, good_apart = MEASURED[day.year]
    assert Summary.of(today).good >= good - 0.0005
    assert Summary.of(errors).good >= good_apart - 0.0005
    assert Summary.of(errors).poor == 0


@pytest.mark.reference
@pytest.mark.skipif(not reference_file().exists(), reason="../shared/reference absent")
def test_no_new_state_date_under_085_apart_from_choices() -> None:
    choices = read_choices()
    below = {
        (s.cow, s.day.year): s.iou
        for s in sample_scores()
        if s.iou < 0.85 and choice_of(s, choices) is None
    }
    assert set(below) == set(KNOWN_BELOW), "a fixed error leaves KNOWN_BELOW, a new one fails"
    dropped = {k: v for k, v in below.items() if v < KNOWN_BELOW[k]}
    assert not dropped, f"scores fell below their floor: {dropped}"
