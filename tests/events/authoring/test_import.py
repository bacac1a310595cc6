"""`histatlas import`: spreadsheet rows into a pack, every error at once, all or nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from events.authoring import files
from events.authoring.importer import ImportError_, import_sheet
from events.authoring.scaffold import SHEET_COLUMNS, new_pack
from events.pack import load_pack, validate_pack

REPO = Path(__file__).resolve().parents[3]
CHAPTER = (
    "In January 1949 six states founded Comecon in Moscow.\n"
    "Albania joined in February 1949. It stopped taking part in 1961.\n"
)
HEADER = ",".join(SHEET_COLUMNS)
ROWS = [
    "comecon,organisation,economic-union,Council for Mutual Economic Assistance,,,1949-01-25,"
    "1991-06-28,Moscow,55.7558,37.6173,,cc-01,founded Comecon,,",
    "comecon-founded,,founding,Comecon is founded in Moscow,,,1949-01,,Moscow,55.7558,37.6173,"
    "USSR,cc-01,founded Comecon in Moscow,,",
    "albania-joins,,member_of,,Albania,Council for Mutual Economic Assistance,1949-02,1961,,,,,"
    "cc-02,Albania joined in February 1949,,",
    ',,member of,,Poland,comecon,1949-01-25,1991-06-28,,,,,"Poland was a founding member.",'
    "Poland,,",
    ",,member_of,,265,comecon,1950-09-29,1990-10-03,,,,,East Germany joined in 1950.,,context,"
    "Admitted at the council's third session",
]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    corpus = tmp_path / "chapter.txt"
    corpus.write_text(CHAPTER, encoding="utf-8")
    return new_pack(tmp_path / "comecon", "Comecon chapter", corpus)


def sheet(tmp_path: Path, *rows: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_sheet_becomes_records_resolved_by_id_name_and_cow_code(tmp_path, pack) -> None:
    report = import_sheet(sheet(tmp_path, *ROWS), pack)
    assert report.count(report.added) == 5
    assert report.excerpts_added == 2  # two passages typed into the sheet joined the corpus
    loaded = load_pack(pack)
    by_id = {r.id: r for r in loaded.relationships}
    assert by_id["albania-joins"].object == "comecon"  # the organisation's name
    assert by_id["poland-member-of-comecon-1949-01-25"].subject == "poland"
    gdr = by_id["east-germany-member-of-comecon-1950-09-29"]
    assert gdr.subject == "east-germany"  # COW 265 on that day
    assert (gdr.provenance, gdr.note) == ("context", "Admitted at the council's third session")
    event = loaded.events[0]
    assert event.places[0].polity == "soviet-union"  # "USSR", an alias
    assert (event.places[0].lat, event.places[0].label) == (55.7558, "Moscow")
    assert [e.text for e in loaded.excerpts][2:] == [
        "Poland was a founding member.",
        "East Germany joined in 1950.",
    ]
    assert [p for p in validate_pack(pack) if p.is_error] == []


def test_importing_again_updates_by_id_and_never_duplicates(tmp_path, pack) -> None:
    import_sheet(sheet(tmp_path, *ROWS), pack)
    again = import_sheet(sheet(tmp_path, *ROWS), pack)
    assert (again.count(again.added), again.count(again.changed)) == (0, 0)
    assert again.count(again.unchanged) == 5
    assert again.excerpts_added == 0  # the passages are found in the corpus this time
    edited = [ROWS[0], ROWS[1], ROWS[2].replace(",1961,", ",1961-04,")]
    report = import_sheet(sheet(tmp_path, *edited), pack)
    assert report.changed == {"organisation": [], "event": [], "relationship": ["albania-joins"]}
    loaded = load_pack(pack)
    assert len(loaded.relationships) == 3  # rows missing from a later sheet stay
    assert str(next(r for r in loaded.relationships if r.id == "albania-joins").end) == "1961-04"
    assert "1 changed" in report.summary()


def test_every_error_of_the_file_at_once_and_nothing_written(tmp_path, pack) -> None:
    before = snapshot(pack)
    bad = [
        ROWS[0],  # the organisation the rows below name
        ",,member_of,,Germany,comecon,1950-01-01,,,,,,cc-01,Comecon,,",  # no Germany in 1950
        ",,member_of,,Atlantis,comecon,1950-01-01,,,,,,cc-01,Comecon,,",
        ",,member_of,,poland,comecon,1950-02-30,,,,,,cc-01,Comecon,,",
        ",,friends_with,,poland,comecon,1950,,,,,,cc-01,Comecon,,",
        ",,member_of,,poland,comecon,1950,,,,,,cc-99,Comecon,,",
        ",,member_of,,poland,comecon,1950,,,,,,cc-01,Cominform,,",
        ",,founding,A meeting,,,1950,,Prague,,,,cc-01,Comecon,,",
        ",,founding,A meeting,,,1950,,,91,14,,cc-01,Comecon,,",
        ",,founding,An old meeting,,,1700,,,,,Poland,cc-01,Comecon,,",
        ",,founding,,,,1950,,,,,,cc-01,Comecon,,",
        ',,member_of,,poland,comecon,1950,,,,,,cc-01,Comecon,"=HYPERLINK(""x"")",',
    ]
    with pytest.raises(ImportError_) as caught:
        import_sheet(sheet(tmp_path, *bad), pack)
    assert caught.value.lines == [
        "sheet.csv:13:provenance: a formula (or text starting with '='): type the value itself",
    ]  # cell problems are found first, before any row is read
    with pytest.raises(ImportError_) as caught:
        import_sheet(sheet(tmp_path, *bad[:-1]), pack)
    lines = caught.value.lines
    expected = [
        "sheet.csv:3:subject: 'Germany' (germany) did not exist on 1950-01-01",
        "sheet.csv:4:subject: no polity or organisation is called 'Atlantis'",
        "sheet.csv:5:start: '1950-02-30' is not a valid date: February 1950 has 28 days",
        "sheet.csv:6:kind: 'friends_with' is not a relationship kind",
        "sheet.csv:7:excerpt: no excerpt 'cc-99' in the corpus",
        "sheet.csv:8:quote: the quote is not, word for word, in the excerpt",
        "sheet.csv:9:place: 'Prague' needs lat and lon (or a polity)",
        "sheet.csv:10:lat: 91.0 is outside -90..90",
        "sheet.csv:11:polity: 1700-01-01 is before the gazetteer starts (1772-01-01)",
        "sheet.csv:12:record_type: cannot tell what this row is",
    ]
    assert len(lines) == len(expected)
    for line, start in zip(sorted(lines, key=_row), expected, strict=True):
        assert line.startswith(start), line
    assert snapshot(pack) == before


def _row(line: str) -> int:
    return int(line.split(":")[1])


def test_an_xlsx_sheet_with_real_dates_imports_and_a_formula_is_refused(tmp_path, pack) -> None:
    from openpyxl import Workbook

    book = Workbook()
    rows = book.active
    rows.append(list(SHEET_COLUMNS))
    rows.append(["comecon", "organisation", "council", "Comecon", None, None, "1949-01-25", None,
                 None, None, None, "Soviet Union", "cc-01", "Comecon", None, None])  # fmt: skip
    rows.append(["albania-joins", None, "member_of", None, "Albania", "comecon",
                 datetime(1949, 2, 1), 1961, None, None, None, None, "cc-02", "Albania joined",
                 None, None])  # fmt: skip
    book.save(tmp_path / "good.xlsx")
    report = import_sheet(tmp_path / "good.xlsx", pack)
    assert report.added["relationship"] == ["albania-joins"]
    relationship = load_pack(pack).relationships[0]
    assert (str(relationship.start), str(relationship.end)) == ("1949-02-01", "1961")
    assert load_pack(pack).organisations[0].seat.polity == "soviet-union"
    rows.append(
        ["x", None, "member_of", None, "Albania", "comecon", "=DATE(1950,1,1)"] + [None] * 9
    )
    book.save(tmp_path / "formula.xlsx")
    with pytest.raises(ImportError_, match=r"formula.xlsx:4:start: a formula"):
        import_sheet(tmp_path / "formula.xlsx", pack)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"id,kind\nx,\xe9\n", "latin1.csv", "latin1.csv:2:-: not UTF-8 (byte 0xe9)"),
        (
            b"PK\x03\x04 not really a zip",
            "broken.xlsx",
            "broken.xlsx:0:-: not readable as an .xlsx",
        ),
        (b"", "empty.csv", "empty.csv:0:-: no rows to import"),
        (HEADER.encode() + b"\n", "header.csv", "header.csv:0:-: no rows to import"),
        (b"id,colour\nx,red\n", "cols.csv", "cols.csv:1:B: unknown column 'colour'"),
        (b'id,title\n"x,unclosed\n', "quote.csv", "quote.csv:0:-: not readable as CSV"),
        (b"{}", "data.json", "data.json:0:-: not a .csv or .xlsx file"),
    ],
)
def test_a_file_that_is_not_a_good_sheet_says_what_is_wrong(
    tmp_path, pack, content: bytes, name: str, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImportError_) as caught:
        import_sheet(tmp_path / name, pack)
    assert caught.value.lines[0].startswith(message), caught.value.lines


def test_a_50_mb_sheet_is_refused_before_it_is_read(tmp_path, pack) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(ImportError_, match=r"big\.csv:0:-: the file is 50 MB; the limit is 50 MB"):
        import_sheet(big, pack)


def test_script_text_in_a_cell_is_kept_as_text(tmp_path, pack) -> None:
    row = ROWS[2][: ROWS[2].rfind(",,")] + ',context,"<script>alert(1)</script> note"'
    import_sheet(sheet(tmp_path, ROWS[0], row), pack)
    relationship = load_pack(pack).relationships[0]
    assert relationship.note == "<script>alert(1)</script> note"  # escaped where it is shown


def test_a_crash_between_two_files_leaves_a_valid_pack(
    tmp_path, pack, power_cut, monkeypatch
) -> None:
    with pytest.raises(OSError, match="power cut"):
        import_sheet(sheet(tmp_path, *ROWS), pack)
    assert [p for p in validate_pack(pack) if p.is_error] == []  # the corpus grew, nothing else
    assert not [p for p in pack.iterdir() if p.name.startswith(".")]  # no temporary left over
    monkeypatch.undo()  # the power is back
    report = import_sheet(sheet(tmp_path, *ROWS), pack)
    assert report.count(report.added) == 5
    assert len(load_pack(pack).excerpts) == 4  # the passages written before the crash reused


def test_the_command_line_prints_every_problem_and_exits_1(tmp_path, pack) -> None:
    bad = sheet(tmp_path, ",,member_of,,Atlantis,comecon,1950,,,,,,cc-01,Comecon,,")
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "import", str(bad), "--into", str(pack)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("sheet.csv:2:subject: no polity")
    assert "nothing was written" in done.stdout
    good = sheet(tmp_path, *ROWS)
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "import", str(good), "--into", str(pack)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("sheet.csv: 5 added, 0 changed, 0 unchanged, 2 new excerpt(s)")


@pytest.mark.parametrize(
    ("value", "day", "expected"),
    [
        ("Germany", "1880-01-01", "germany"),  # the German Empire
        ("germany", "1880-01-01", "germany"),
        ("255", "1900-01-01", "germany"),  # COW code on that day
        ("USSR", "1960-01-01", "soviet-union"),
        ("the Soviet Union", "1960-01-01", "soviet-union"),
        ("Russia", "1772-06-01", "russian-empire"),
    ],
)
def test_names_and_codes_are_read_on_the_rows_date(value: str, day: str, expected: str) -> None:
    from datetime import date

    from events.authoring.resolve import Names
    from geodata.polities import load_gazetteer

    names = Names(load_gazetteer(), {}, {})
    assert names.resolve(value, date.fromisoformat(day)) == expected


@pytest.mark.parametrize(
    ("value", "day", "message"),
    [
        ("Germany", "1950-01-01", "'Germany' (germany) did not exist on 1950-01-01"),
        ("Poland", "1700-01-01", "before the gazetteer starts"),
        ("999", "1950-01-01", "no polity has the COW code 999"),
    ],
)
def test_a_name_that_means_nothing_that_day_says_why(value: str, day: str, message: str) -> None:
    from datetime import date

    from events.authoring.resolve import Names, Unresolved
    from geodata.polities import load_gazetteer

    with pytest.raises(Unresolved, match=re.escape(message)):
        Names(load_gazetteer(), {}, {}).resolve(value, date.fromisoformat(day))


def test_a_pack_that_cannot_be_written_gets_one_line_not_a_traceback(
    tmp_path, pack, monkeypatch, capsys
) -> None:
    from dashboard.cli.commands import main

    def refuse(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)  # as a read-only folder would
    code = main(["import", str(sheet(tmp_path, *ROWS)), "--into", str(pack)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"histatlas import: cannot write to {pack}: Permission denied" in err
    assert "Traceback" not in err
    assert load_pack(pack).relationships == ()
