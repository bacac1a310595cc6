"""Every export of the hostile pack keeps its payloads as text: HTML, tour HTML, GeoJSON, CSV.

Files are written by ``histatlas export`` (a subprocess), read back raw, then the HTML files
are opened from disk in Chromium with every network request refused.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.hardening.conftest import run_cli
from tests.hardening.xsscheck import INJECTED, MARKDOWN
from tests.hardening.xsspack import FORMULA, PAYLOADS

# Verbatim, these would be markup in an HTML file (inside a script, `</script>` ends it).
RAW_MARKUP = (
    PAYLOADS["img"],
    PAYLOADS["script"],
    "<svg onload=alert(4)>",
    PAYLOADS["iframe"],
    PAYLOADS["style"],
)


def _export(xss_pack: Path, tmp_path: Path, fmt: str, *what: str) -> Path:
    out = tmp_path / f"export.{fmt}"
    result = run_cli(
        "export", "--pack", str(xss_pack), *what, "--format", fmt, "-o", str(out), cwd=tmp_path
    )
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    return out


@pytest.fixture(params=["view", "tour"])
def html_export(request, xss_pack: Path, tmp_path: Path) -> Path:
    what = ("--year", "1920") if request.param == "view" else ("--tour", "xss-tour")
    return _export(xss_pack, tmp_path, "html", *what)


def test_html_exports_hold_no_raw_markup(html_export: Path) -> None:
    text = html_export.read_text(encoding="utf-8")
    assert [p for p in RAW_MARKUP if p in text] == []
    assert "alert(1)" in text, "the payloads are in the file, escaped"


@pytest.mark.browser
def test_html_exports_open_offline_without_running_payloads(html_export: Path, watched) -> None:
    page = watched.page
    page.context.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith("file:") else route.continue_()
        ),
    )
    page.goto(html_export.as_uri())
    page.locator(".leaflet-interactive").first.wait_for(state="attached", timeout=60_000)
    for _ in range(3):  # a tour steps with the keyboard; a view ignores the keys
        page.keyboard.press("ArrowRight")
        assert page.evaluate(INJECTED) == []
    assert page.evaluate(MARKDOWN) == []
    assert watched.dialogs == []
    assert [u for u in watched.requests if not u.startswith(("file:", "data:"))] == []


def test_geojson_export_keeps_payloads_exact(xss_pack: Path, tmp_path: Path) -> None:
    data = json.loads(_export(xss_pack, tmp_path, "geojson", "--year", "1920").read_text())
    texts = json.dumps(data, ensure_ascii=False)
    assert PAYLOADS["img"] in texts, "text is kept as typed (JSON is data, not markup)"
    assert "&lt;img" not in texts, "and not double-escaped into entities"


def test_csv_export_neutralises_formulas_and_forged_rows(xss_pack: Path, tmp_path: Path) -> None:
    text = _export(xss_pack, tmp_path, "csv", "--year", "1920").read_text(encoding="utf-8")
    body = [row for row in text.splitlines() if not row.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(body))))
    header, records = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in records), "no row forged by a line break"
    assert "xss-forged" not in [row[0] for row in records]
    cells = [cell for row in records for cell in row]
    assert FORMULA not in cells, "a cell starting with = would run as a spreadsheet formula"
    assert not [c for c in cells if c[:1] in ("=", "+", "@") and len(c) > 1]
    assert any(PAYLOADS["img"] in cell for cell in cells), "payloads are kept as text"


def _slice_csv(xss_pack: Path, tmp_path: Path, *extra: str) -> list[list[str]]:
    result = run_cli(
        "slice", "--pack", str(xss_pack), "--year", "1920", "--format", "csv", *extra, cwd=tmp_path
    )
    assert result.code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))


def test_slice_csv_neutralises_formulas_as_export_does(xss_pack: Path, tmp_path: Path) -> None:
    rows = _slice_csv(xss_pack, tmp_path)
    header, records = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in records), "no row forged by a line break"
    cells = [cell for row in records for cell in row]
    assert "'" + FORMULA in cells, "the formula is kept, as text a spreadsheet will not run"
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(PAYLOADS["img"] in cell for cell in cells), "payloads are kept as text"


def test_slice_csv_raw_writes_cells_as_in_the_pack(xss_pack: Path, tmp_path: Path) -> None:
    cells = [cell for row in _slice_csv(xss_pack, tmp_path, "--raw")[1:] for cell in row]
    assert FORMULA in cells
    assert "'" + FORMULA not in cells
