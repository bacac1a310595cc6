"""Hostile spreadsheets and texts: payloads stay text through import, ingest, the review page
and the exports; formulas are refused on the way in and never written out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from events.authoring.scaffold import SHEET_COLUMNS, new_pack
from events.pack import load_pack
from tests.hardening.conftest import run_cli
from tests.hardening.xsspack import FORMULA, PAYLOADS

HOSTILE = f"{PAYLOADS['img']} {PAYLOADS['script']} {PAYLOADS['md-link']}"


def _sheet(path: Path, *rows: list[str]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SHEET_COLUMNS)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _row(**cells: str) -> list[str]:
    return [cells.get(c, "") for c in SHEET_COLUMNS]


def test_payloads_in_cells_are_kept_as_text_and_escaped_in_exports(tmp_path: Path) -> None:
    pack = new_pack(tmp_path / "p", f"Pack {PAYLOADS['svg']}")
    passage = f"The league {HOSTILE} met in Paris in 1920."
    sheet = _sheet(
        tmp_path / "s.csv",
        _row(id="league", record_type="organisation", kind="league", title=f"League {HOSTILE}",
             start="1920", place="Paris", lat="48.85", lon="2.35", excerpt=passage),
        _row(id="met", title=f"Meeting {HOSTILE}", kind="congress", start="1920-05",
             place=f"Paris {PAYLOADS['img']}", lat="48.85", lon="2.35", excerpt=passage,
             note=HOSTILE),
    )  # fmt: skip
    done = run_cli("import", str(sheet), "--into", str(pack), cwd=tmp_path)
    assert done.code == 0, done.output
    loaded = load_pack(pack)
    assert loaded.events[0].note == HOSTILE  # kept exactly, as text
    out = tmp_path / "view.html"
    done = run_cli("export", "--pack", str(pack), "--year", "1920", "--format", "html", "-o",
                   str(out), cwd=tmp_path)  # fmt: skip
    assert done.code == 0, done.output
    html = out.read_text(encoding="utf-8")
    assert PAYLOADS["img"] not in html
    assert PAYLOADS["script"] not in html
    assert "alert(1)" in html  # there, escaped


def test_formulas_are_refused_on_the_way_in(tmp_path: Path) -> None:
    pack = new_pack(tmp_path / "p", "T")
    sheet = _sheet(
        tmp_path / "f.csv",
        _row(id="met", title="Meeting", kind="congress", start="1920", place="Paris",
             lat="48.85", lon="2.35", excerpt="A meeting in Paris in 1920.", note=FORMULA),
    )  # fmt: skip
    done = run_cli("import", str(sheet), "--into", str(pack), cwd=tmp_path)
    assert done.code == 1
    assert "f.csv:2:note: a formula" in done.output
    assert load_pack(pack).events == ()


def test_a_hostile_text_ingests_to_escaped_candidates(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    lines = [f"Poland joined the Warsaw Pact {HOSTILE} in May 1955.",
             f"{FORMULA} Hungary joined the Warsaw Pact in 1955."]  # fmt: skip
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("ingest", str(text), "-o", str(tmp_path / "d"), cwd=tmp_path)
    assert done.code == 0, done.output
    out = tmp_path / "rows.csv"
    done = run_cli("export", "--pack", str(tmp_path / "d"), "--year", "1955", "--format", "csv",
                   "-o", str(out), cwd=tmp_path)  # fmt: skip
    assert done.code == 0, done.output
    for row in csv.reader(
        line for line in out.read_text().splitlines() if not line.startswith("#")
    ):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
