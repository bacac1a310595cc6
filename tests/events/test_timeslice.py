"""Slices: what held on a day, what held during a year, and the years in which things change."""

from __future__ import annotations

from datetime import date

from events.model import Pack
from events.timeslice import as_of, change_years, in_year


def _ids(shown: tuple) -> list[str]:
    return [s.record.id for s in shown]


def test_the_start_day_holds_and_the_day_before_does_not(tiny_pack: Pack) -> None:
    assert _ids(as_of(tiny_pack, date(1950, 5, 13)).relationships) == []
    founded = as_of(tiny_pack, date(1950, 5, 14))
    assert _ids(founded.relationships) == ["borduria-in-league", "syldavia-in-league"]
    assert _ids(founded.events) == ["league-founded"]
    assert [e.id for e in founded.excerpts] == ["t-01", "t-03"]


def test_the_end_day_does_not_hold(tiny_pack: Pack) -> None:
    # syldavia-in-league ends 1965-01-01 (a day: excluded); borduria-in-league ends "1965"
    # (a year: held through 31 December 1965).
    assert _ids(as_of(tiny_pack, date(1964, 12, 31)).relationships) == [
        "borduria-in-league",
        "syldavia-in-league",
    ]
    assert _ids(as_of(tiny_pack, date(1965, 1, 1)).relationships) == ["borduria-in-league"]
    assert _ids(as_of(tiny_pack, date(1965, 12, 31)).relationships) == ["borduria-in-league"]
    assert _ids(as_of(tiny_pack, date(1966, 1, 1)).relationships) == []


def test_an_imprecise_start_holds_from_the_first_day_of_its_month(tiny_pack: Pack) -> None:
    assert "borduria-occupies-syldavia" not in _ids(
        as_of(tiny_pack, date(1955, 2, 28)).relationships
    )
    assert "borduria-occupies-syldavia" in _ids(as_of(tiny_pack, date(1955, 3, 1)).relationships)
    assert "borduria-occupies-syldavia" in _ids(as_of(tiny_pack, date(1960, 6, 29)).relationships)
    assert "borduria-occupies-syldavia" not in _ids(
        as_of(tiny_pack, date(1960, 6, 30)).relationships
    )


def test_a_year_shows_what_held_at_any_time_in_it_with_flags(tiny_pack: Pack) -> None:
    year = in_year(tiny_pack, 1960)
    assert (year.day, year.year) == (None, 1960)
    flags = {s.record.id: (s.began_in_period, s.ended_in_period) for s in year.relationships}
    assert flags["borduria-occupies-syldavia"] == (False, True)
    assert flags["borduria-in-league"] == (False, False)
    assert _ids(in_year(tiny_pack, 1950).events) == ["league-founded"]
    assert in_year(tiny_pack, 1950).events[0].began_in_period
    assert _ids(in_year(tiny_pack, 1951).events) == []
    # syldavia-in-league ends on 1965-01-01: its last day is in 1964.
    ended_1964 = {s.record.id for s in in_year(tiny_pack, 1964).relationships if s.ended_in_period}
    assert ended_1964 == {"syldavia-in-league"}
    assert "syldavia-in-league" not in _ids(in_year(tiny_pack, 1965).relationships)


def test_change_years_are_the_years_something_begins_or_ends(tiny_pack: Pack) -> None:
    assert change_years(tiny_pack) == [1950, 1955, 1960, 1964, 1965]


def test_slices_agree_with_every_record_interval_on_the_built_in_pack() -> None:
    """Slices use bounds worked out once per pack; they must say what record.interval says."""
    from events.pack import load_pack

    pack = load_pack()
    for year in range(1770, 2001, 7):
        first, after = date(year, 1, 1), date(year + 1, 1, 1)
        day = date(year, 6, 30)
        for group, shown_year, shown_day in (
            (pack.relationships, in_year(pack, year).relationships, as_of(pack, day).relationships),
            (pack.events, in_year(pack, year).events, as_of(pack, day).events),
            (pack.organisations, in_year(pack, year).organisations, as_of(pack, day).organisations),
        ):
            expected = [
                (r.id, r.interval.began_within(first, after), r.interval.ended_within(first, after))
                for r in group
                if r.interval.overlaps(first, after)
            ]
            got = [(s.record.id, s.began_in_period, s.ended_in_period) for s in shown_year]
            assert got == expected
            assert _ids(shown_day) == [r.id for r in group if r.interval.holds_on(day)]
