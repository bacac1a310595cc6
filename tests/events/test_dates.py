"""Dates with precision and the half-open interval rules of common.md."""

from __future__ import annotations

import re
from datetime import date

import pytest

from events.dates import HistDate, Interval, year_bounds


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("1955", date(1955, 1, 1), "year"),
        (1955, date(1955, 1, 1), "year"),
        ("1955-05", date(1955, 5, 1), "month"),
        ("1955-05-14", date(1955, 5, 14), "day"),
        (date(1955, 5, 14), date(1955, 5, 14), "day"),
        ("1904-02-29", date(1904, 2, 29), "day"),
        ("2000-02-29", date(2000, 2, 29), "day"),  # a century divisible by 400 is leap
        ("1800-04-30", date(1800, 4, 30), "day"),
    ],
)
def test_parse_keeps_the_precision(raw: object, value: date, precision: str) -> None:
    parsed = HistDate.parse(raw)
    assert (parsed.value, parsed.precision) == (value, precision)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1955-02-30", "'1955-02-30' is not a valid date: February 1955 has 28 days"),
        ("1900-02-29", "'1900-02-29' is not a valid date: February 1900 has 28 days"),
        ("1800-02-29", "'1800-02-29' is not a valid date: February 1800 has 28 days"),
        ("1956-04-31", "'1956-04-31' is not a valid date: April 1956 has 30 days"),
        ("1955-13", "'1955-13' is not a valid date: month must be 01-12"),
        ("0000", "'0000' is not a valid date: years run from 0001 to 9998"),
        ("May 1955", "'May 1955' is not a date like 1955, 1955-05 or 1955-05-14"),
        ("1955-5-14", "'1955-5-14' is not a date like 1955, 1955-05 or 1955-05-14"),
        (True, "expected a date like 1955, 1955-05 or 1955-05-14, got True"),
        (19.55, "expected a date like 1955, 1955-05 or 1955-05-14, got 19.55"),
    ],
)
def test_parse_rejects_impossible_dates_with_a_clear_message(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        HistDate.parse(raw)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("raw", "day_after", "end_day"),
    [
        ("1991", date(1992, 1, 1), date(1992, 1, 1)),
        ("1991-12", date(1992, 1, 1), date(1992, 1, 1)),
        ("1991-06", date(1991, 7, 1), date(1991, 7, 1)),
        ("1991-07-01", date(1991, 7, 2), date(1991, 7, 1)),
    ],
)
def test_an_imprecise_end_means_the_first_day_after_its_period(
    raw: str, day_after: date, end_day: date
) -> None:
    parsed = HistDate.parse(raw)
    assert parsed.day_after == day_after
    assert parsed.end_day == end_day
    assert str(parsed) == raw


def test_the_day_a_relationship_starts_holds_and_the_day_it_ends_does_not() -> None:
    pact = Interval.of(HistDate.parse("1955-05-14"), HistDate.parse("1991-07-01"))
    assert not pact.holds_on(date(1955, 5, 13))
    assert pact.holds_on(date(1955, 5, 14))
    assert pact.holds_on(date(1991, 6, 30))
    assert not pact.holds_on(date(1991, 7, 1))


def test_end_1991_holds_through_all_of_1991_and_is_approximate() -> None:
    spell = Interval.of(HistDate.parse("1977"), HistDate.parse("1991"))
    assert spell.holds_on(date(1977, 1, 1))
    assert spell.holds_on(date(1991, 12, 31))
    assert not spell.holds_on(date(1992, 1, 1))
    assert spell.approximate_start
    assert spell.approximate_end


def test_an_open_end_holds_for_ever() -> None:
    open_ended = Interval.of(HistDate.parse("1905-06-27"), None)
    assert open_ended.holds_on(date(9000, 1, 1))
    assert not open_ended.approximate_end


def test_a_point_event_lasts_the_period_its_start_names() -> None:
    month = Interval.of(HistDate.parse("1848-02"), None, point=True)
    assert (month.start, month.end) == (date(1848, 2, 1), date(1848, 3, 1))
    day = Interval.of(HistDate.parse("1864-09-28"), None, point=True)
    assert day.holds_on(date(1864, 9, 28))
    assert not day.holds_on(date(1864, 9, 29))


def test_year_overlap_and_flags_use_the_last_day_held() -> None:
    first, after = year_bounds(1968)
    albania = Interval.of(HistDate.parse("1955-05-14"), HistDate.parse("1968-09-13"))
    assert albania.overlaps(first, after)
    assert albania.ended_within(first, after)
    assert not albania.began_within(first, after)
    # Ending on 1 January 1969 means the last day held was 31 December 1968.
    to_new_year = Interval.of(HistDate.parse("1960"), HistDate.parse("1969-01-01"))
    assert to_new_year.ended_within(first, after)
    assert not to_new_year.overlaps(*year_bounds(1969))


def test_an_interval_ending_where_it_starts_is_empty() -> None:
    assert Interval.of(HistDate.parse("1955-05-14"), HistDate.parse("1955-05-14")).empty
    assert not Interval.of(HistDate.parse("1955"), HistDate.parse("1955")).empty
