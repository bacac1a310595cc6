"""Gleditsch-Ward codes: the file's integrity, GW's dates on known cases, and (when
../shared/reference is present) agreement with CShapes 2.0's GW edition."""

from __future__ import annotations

import io
import lzma
from datetime import date, timedelta
from pathlib import Path

import pytest

from geodata import codes
from geodata.codes import CodeFileError, gwcode, pieces, read_spans
from geodata.polities import load_gazetteer
from geodata.sources.accuracy_report import REFERENCE

GW_REFERENCE = REFERENCE / "cshapes" / "cshapes_2_gw.topojson.xz"


def test_every_coded_polity_is_in_the_gazetteer() -> None:
    unknown = set(codes.gw_spans()) - load_gazetteer().ids()
    assert unknown == set()


def test_no_code_is_held_by_two_polities_on_one_day() -> None:
    gazetteer = load_gazetteer()
    days = sorted({*codes.code_dates(), *gazetteer.change_dates()})
    for day in days:
        held: dict[int, str] = {}
        for state in gazetteer.on(day):
            if state.gwcode is not None:
                assert state.gwcode not in held, (day, state.id, held.get(state.gwcode))
                held[state.gwcode] = state.id


@pytest.mark.parametrize(
    ("polity_id", "day", "expected"),
    [
        ("prussia", date(1850, 1, 1), 255),
        ("germany", date(1900, 1, 1), 255),
        ("west-germany", date(1949, 9, 20), None),  # GW: from the Federal Republic's start
        ("west-germany", date(1949, 9, 21), 260),
        ("germany", date(1995, 1, 1), 260),  # GW keeps 260 for united Germany (COW 255)
        ("east-germany", date(1990, 10, 2), 265),
        ("soviet-union", date(1960, 1, 1), 365),
        ("russia", date(1995, 1, 1), 365),
        ("haiti", date(1920, 1, 1), None),  # out of GW's list under US occupation
        ("haiti", date(1934, 8, 15), 41),
        ("yemen", date(1995, 1, 1), 678),  # GW's united Yemen keeps North Yemen's code
        ("serbia", date(1900, 1, 1), 340),
        ("yugoslavia", date(1960, 1, 1), 345),
        ("canada", date(1870, 1, 1), 20),  # GW from 1867-07-01 (COW from 1920)
        ("egypt", date(1900, 1, 1), None),
        ("egypt", date(1922, 2, 28), 651),
        ("korea", date(1910, 8, 22), 730),
        ("korea", date(1910, 8, 23), None),
    ],
)
def test_codes_follow_gws_own_dates(polity_id: str, day: date, expected: int | None) -> None:
    assert gwcode(polity_id, day) == expected
    state = load_gazetteer().state_of(polity_id, day)
    assert state is not None
    assert state.gwcode == expected


def test_a_period_is_cut_where_the_code_changes() -> None:
    # Haiti: one period of ours, GW's list drops it for the US occupation (1915-1934).
    assert pieces("haiti", date(1900, 1, 1), date(1950, 1, 1)) == [
        (date(1900, 1, 1), date(1915, 7, 5), 41),
        (date(1915, 7, 5), date(1934, 8, 15), None),
        (date(1934, 8, 15), date(1950, 1, 1), 41),
    ]
    assert pieces("atlantis", date(1900, 1, 1), None) == [(date(1900, 1, 1), None, None)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("gwcode,polity,start\n", "the header must be gwcode,polity,start,end,name"),
        ("gwcode,polity,start,end,name\n2,usa,1816-01-01\n", "x.csv:3: expected 5 fields"),
        ("gwcode,polity,start,end,name\n2,usa,1816-13-01,,USA\n", "x.csv:3: month must be"),
        ("gwcode,polity,start,end,name\nii,usa,1816-01-01,,USA\n", "x.csv:3: invalid literal"),
        ("gwcode,polity,start,end,name\n2,usa,1816-01-01,1800-01-01,USA\n", "x.csv:3: needs"),
        (
            "gwcode,polity,start,end,name\n2,usa,1816-01-01,,USA\n2,usa,1900-01-01,,USA\n",
            "x.csv: usa's spans overlap at 1900-01-01",
        ),
    ],
)
def test_a_bad_codes_file_names_the_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text("# a note\n" + body, encoding="utf-8")
    with pytest.raises(CodeFileError, match=message.replace("(", r"\(")):
        read_spans(path)


# Where CShapes' GW edition counts a state independent on a day and our map has no such
# polity that day: each a documented difference, not a coding error.
KNOWN_ABSENT = {
    # GW dates Ireland from the Anglo-Irish Treaty (1921-12-06); our Irish Free State begins
    # on its constitution's day (1922-12-06).
    (205, date(1922, 7, 1)),
    # GW keeps states under German occupation in the system; our map draws the annexation
    # or occupation regime (Generalgouvernement, Reichsgau, Protectorate) instead.
    (290, date(1942, 7, 1)),
    (305, date(1942, 7, 1)),
    (315, date(1942, 7, 1)),
}
SAMPLE_DAYS = [date(year, 7, 1) for year in (1887, 1897, 1907, 1917, 1922, 1932, 1942, 1952,
                                              1962, 1972, 1982)] + [date(1991, 12, 31)]  # fmt: skip


@pytest.mark.reference
@pytest.mark.skipif(not GW_REFERENCE.exists(), reason="../shared/reference absent")
def test_codes_match_cshapes_gw_edition_on_sample_days() -> None:
    import pyogrio
    from shapely.geometry.base import BaseGeometry

    from geodata.geometry import exact_shapes

    frame = pyogrio.read_dataframe(io.BytesIO(lzma.decompress(GW_REFERENCE.read_bytes())))
    rows = []
    for code, status, start, end, geometry in zip(
        frame["gwcode"], frame["status"], frame["start"], frame["end"], frame.geometry,
        strict=True,
    ):  # fmt: skip
        first = date.fromisoformat(str(start)[:10])
        after = date.fromisoformat(str(end)[:10]) + timedelta(days=1)  # CShapes' end is inclusive
        rows.append((int(code), status, first, after, geometry))
    gazetteer = load_gazetteer()
    for day in SAMPLE_DAYS:
        theirs: dict[int, BaseGeometry] = {
            code: geometry
            for code, status, first, after, geometry in rows
            if first <= day < after and status == "independent"
        }
        ours = {s.gwcode: s.id for s in gazetteer.on(day) if s.gwcode is not None}
        missing = {(code, day) for code in set(theirs) - set(ours)}
        assert missing <= KNOWN_ABSENT, (day, missing - KNOWN_ABSENT)
        assert set(ours) <= set(theirs), (day, set(ours) - set(theirs))
        shapes = exact_shapes(day)
        for code, polity_id in ours.items():
            # The same state: our shape lies where CShapes' does (not a mix-up of ids).
            near = theirs[code].buffer(0.5)
            assert shapes[polity_id].intersects(near), (day, code, polity_id)
    assert all(day in SAMPLE_DAYS for _, day in KNOWN_ABSENT)
