"""`histatlas export` end to end: files written, exit codes 0/1/2, one line on errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dashboard.export.test_export_fixtures import XSS, write_pack

REPO = Path(__file__).resolve().parents[3]


def histatlas(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "export", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory) -> Path:
    return write_pack(tmp_path_factory.mktemp("pack"))


def test_view_html(pack_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    done = histatlas("--pack", str(pack_dir), "--year", "1968", "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "at any time during 1968" in page
    assert XSS not in page


def test_tour_html(pack_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tour.html"
    done = histatlas("--pack", str(pack_dir), "--tour", "pact-story", "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    for caption in ("Two states sign.", "Help, fraternal.", "Dissolved."):
        assert caption in page


def test_geojson_and_csv(pack_dir: Path, tmp_path: Path) -> None:
    geo, table = tmp_path / "v.geojson", tmp_path / "v.csv"
    done = histatlas(
        "--pack",
        str(pack_dir),
        "--date",
        "1968-08-21",
        "--layers",
        "deployments",
        "--format",
        "geojson",
        "-o",
        str(geo),
    )
    assert done.returncode == 0, done.stderr
    records = [f["properties"].get("record") for f in json.loads(geo.read_text())["features"]]
    assert "bordurian-troops" in records
    done = histatlas(
        "--pack",
        str(pack_dir),
        "--query",
        "?year=1956&layers=alliances",
        "--format",
        "csv",
        "-o",
        str(table),
    )
    assert done.returncode == 0, done.stderr
    assert "aland-in-pact" in table.read_text()
    assert "bordurian-troops" not in table.read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "3000"],
        ["--year", "<script>"],
        ["--region", "atlantis"],
        ["--layers", "bogus"],
        ["--tour", "no-such-tour"],
        ["--tour", "pact-story", "--format", "csv"],
        ["--format", "docx"],
        ["--tour", "pact-story", "--format", "svg"],
    ],
)
def test_usage_errors_exit_2_with_one_line(pack_dir: Path, tmp_path: Path, args) -> None:
    done = histatlas("--pack", str(pack_dir), *args, "-o", str(tmp_path / "x"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_invalid_pack_exits_1(tmp_path: Path) -> None:
    broken = write_pack(tmp_path / "broken")
    (broken / "tours.yaml").write_text("- id: Not An Id\n  title: x\n  slides: []\n")
    done = histatlas("--pack", str(broken), "--year", "1960", "-o", str(tmp_path / "x.html"))
    assert done.returncode == 1
    assert "tours.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_unwritable_output_is_a_usage_error(pack_dir: Path, tmp_path: Path) -> None:
    done = histatlas("--pack", str(pack_dir), "--year", "1960", "-o", str(tmp_path))
    assert done.returncode == 2
    assert "is a directory" in done.stderr


PICTURES = [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]


@pytest.mark.parametrize(("fmt", "magic"), PICTURES)
def test_a_view_exports_as_a_picture(tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"view.{fmt}"
    done = histatlas("--year", "1956", "--region", "europe", "--format", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(magic)


def test_a_tour_exports_as_a_pdf_handout_and_not_as_a_png(tmp_path: Path) -> None:
    out = tmp_path / "tour.pdf"
    done = histatlas("--tour", "cuba-internationalism-abroad", "--format", "pdf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    png = str(tmp_path / "x.png")
    refused = histatlas("--tour", "cuba-internationalism-abroad", "--format", "png", "-o", png)
    assert refused.returncode == 2
    assert "html (to present), pdf (a handout)" in refused.stderr


def test_dyads_are_a_table_with_cow_codes_on_the_day(tmp_path: Path) -> None:
    import csv as csvlib

    out = tmp_path / "dyads.csv"
    done = histatlas("--dyads", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# histatlas dyads: ")
    assert "CC BY-SA 4.0" in "".join(x for x in text.splitlines() if x.startswith("#"))
    rows = list(csvlib.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert list(rows[0])[:7] == [
        "ccode1", "ccode2", "kind", "start", "end", "record_id", "excerpt_ids",
    ]  # fmt: skip
    algeria = next(r for r in rows if r["record_id"] == "cuba-in-algeria")
    assert (algeria["ccode1"], algeria["ccode2"]) == ("40", "615")  # Cuba, Algeria (COW)
    assert (algeria["gwcode1"], algeria["gwcode2"]) == ("40", "615")  # the same in GW
    assert (algeria["kind"], algeria["start"], algeria["end"]) == (
        "deployed_to",
        "1963-10",
        "1964-03",
    )
    assert "pi-18" in algeria["excerpt_ids"].split()
    member = next(r for r in rows if r["kind"] == "member_of" and r["object"] == "warsaw-pact")
    assert member["ccode2"] == ""  # an organisation has no COW state code
    refused = histatlas("--dyads", "--format", "geojson", "-o", str(tmp_path / "x"))
    assert refused.returncode == 2
