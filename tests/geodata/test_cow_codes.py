"""COW codes by day: the period's own code, completed by COW's dated membership table
(dominions from 1920-01-10, Rhodesia from 1965-11-11...); with ../shared/reference present,
every state CShapes 2.0's COW edition counts independent has our polity with its code."""

from __future__ import annotations

from datetime import date

import pytest

from geodata import codes
from geodata.codes import code_pieces, cow
from geodata.geometry import map_features
from geodata.polities import load_gazetteer
from geodata.sources.accuracy_report import reference_file


@pytest.mark.parametrize(
    ("polity_id", "day", "expected"),
    [
        ("canada", date(1920, 1, 9), None),  # a dominion, not yet in COW's system
        ("canada", date(1920, 1, 10), 20),  # COW: the Treaty of Versailles in force
        ("canada", date(1931, 12, 11), 20),  # the period's own code from here
        ("south-africa", date(1920, 1, 10), 560),
        ("australia", date(1935, 1, 1), 900),
        ("new-zealand", date(1920, 1, 9), None),
        ("new-zealand", date(1945, 1, 1), 920),
        ("mongolia", date(1921, 7, 10), None),  # Ungern-Sternberg's Urga: not COW's state
        ("mongolia", date(1921, 7, 11), 712),
        ("zimbabwe", date(1965, 11, 10), None),
        ("zimbabwe", date(1965, 11, 11), 552),  # Rhodesia's declaration of independence
        ("zimbabwe", date(1980, 1, 1), 552),  # COW has no break for the British governor
        ("dominican-republic", date(1916, 11, 29), 42),  # COW's last day before the US regime
        ("dominican-republic", date(1916, 11, 30), None),
        ("cuba", date(1909, 1, 22), None),
        ("cuba", date(1909, 1, 23), 40),  # COW's re-entry, five days before Gomez took office
        ("mali-federation", date(1960, 7, 1), 432),
        ("mali", date(1960, 9, 1), 432),
        ("france", date(1900, 1, 1), 220),  # the period's code
    ],
)
def test_cow_follows_cows_own_dates(polity_id: str, day: date, expected: int | None) -> None:
    state = load_gazetteer().state_of(polity_id, day)
    assert state is not None
    assert state.cow == expected
    period = load_gazetteer().get(polity_id).period_on(day)
    assert period is not None
    assert cow(polity_id, day, period.cow) == expected


def test_maps_carry_the_code_of_the_day() -> None:
    before = {f.id: f.cow for f in map_features(date(1919, 6, 1))}
    after = {f.id: f.cow for f in map_features(date(1925, 6, 1))}
    assert before["canada"] is None
    assert after["canada"] == 20
    assert after["australia"] == 900


def test_a_period_is_cut_where_the_cow_code_changes() -> None:
    assert code_pieces("canada", date(1867, 7, 1), date(1931, 12, 11)) == [
        (date(1867, 7, 1), date(1920, 1, 10), None, 20),
        (date(1920, 1, 10), date(1931, 12, 11), 20, 20),
    ]
    assert code_pieces("cuba", date(1909, 1, 28), None, 40) == [(date(1909, 1, 28), None, 40, 40)]


def test_every_polity_in_the_cow_table_is_in_the_gazetteer() -> None:
    assert set(codes.cow_spans()) - load_gazetteer().ids() == set()


def test_no_cow_code_is_held_by_two_polities_on_one_day() -> None:
    gazetteer = load_gazetteer()
    for day in sorted({*codes.code_dates(), *gazetteer.change_dates()}):
        held: dict[int, str] = {}
        for state in gazetteer.on(day):
            if state.cow is not None:
                assert state.cow not in held, (day, state.id, held.get(state.cow))
                held[state.cow] = state.id


# Stretches in which CShapes' COW edition counts a state independent and our gazetteer has no
# polity with that code: (COW code, first and last CShapes change day seen missing), each a
# difference of dates, not a missing code.
KNOWN_ABSENT = {
    # The Treaty of Fez was signed on 1912-03-30; CShapes counts the day as Morocco's last.
    (600, date(1912, 3, 30), date(1912, 3, 30)),
    # CShapes starts Estonia on 1918-02-16; its independence was declared 1918-02-24 (ours).
    (366, date(1918, 2, 16), date(1918, 2, 16)),
    # CShapes starts Austria and Hungary the day after Austria-Hungary ends (1918-11-03); ours
    # begin with the republics, when Austria-Hungary's polity ends (1918-11-12).
    (305, date(1918, 11, 3), date(1918, 11, 11)),
    (310, date(1918, 11, 3), date(1918, 11, 11)),
    # Treaty of Rawalpindi signed 1919-08-08; ours from 1919-08-19 (Afghan independence day).
    (700, date(1919, 8, 8), date(1919, 8, 8)),
    # CShapes dates Mongolia from 1921-03-13; COW's state (and ours) begins 1921-07-11.
    (712, date(1921, 3, 13), date(1921, 3, 18)),
    # CShapes keeps Norway independent to 1940-04-30 and the Netherlands to 1940-07-14; our map
    # draws the German occupations from the invasion (1940-04-09) and the capitulation
    # (1940-05-15), and Norway again from the liberation, 1945-05-08.
    (385, date(1940, 4, 10), date(1945, 5, 7)),
    (210, date(1940, 5, 29), date(1940, 6, 28)),
    # Albania: CShapes from 1944-11-17 (Tirana taken); ours from 1944-11-29 (liberation day).
    (339, date(1944, 11, 17), date(1944, 11, 22)),
    # Jordan: CShapes from the Treaty of London (1946-03-22); ours from independence, 1946-05-25.
    (663, date(1946, 3, 22), date(1946, 4, 17)),
    # South Vietnam: CShapes from the French treaties of 1954-06-04; ours from Geneva, 1954-07-21.
    (817, date(1954, 6, 4), date(1954, 6, 4)),
    # Kuwait under Iraqi occupation (1990-08-02..1991-02-26): CShapes keeps it independent.
    (690, date(1990, 9, 18), date(1990, 10, 3)),
}


@pytest.mark.reference
@pytest.mark.skipif(not reference_file().exists(), reason="../shared/reference absent")
def test_every_cshapes_cow_state_has_its_code_here() -> None:
    from geodata.sources.cshapes import read_rows

    every = read_rows(reference_file())
    rows = [r for r in every if r.status == "independent"]
    gazetteer = load_gazetteer()
    days = sorted({r.start for r in every} | {r.end for r in every})  # every CShapes change
    missing: dict[int, list[date]] = {}
    for day in (d for d in days if date(1886, 1, 1) <= d <= date(1991, 12, 31)):
        ours = {s.cow for s in gazetteer.on(day)}
        for row in rows:
            if row.start <= day < row.end and row.cow not in ours:
                missing.setdefault(row.cow, []).append(day)
    found = {(code, min(days), max(days)) for code, days in missing.items()}
    assert found == KNOWN_ABSENT
