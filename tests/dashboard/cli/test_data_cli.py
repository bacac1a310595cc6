"""`histatlas validate | slice | dump` run as a subprocess: output shapes and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "packs"
VALID = FIXTURES / "valid"

RELATIONSHIP_KEYS = [
    "id",
    "kind",
    "subject",
    "object",
    "start",
    "end",
    "provenance",
    "attributes",
    "excerpts",
    "review",
    "confidence",
]
EVENT_KEYS = ["id", "title", "kind", "start", "end", "places", "provenance", "excerpts", "review",
              "confidence"]  # fmt: skip
POLITY_KEYS = ["id", "name", "cow", "iso3", "status", "owner", "gwcode"]
EXCERPT_KEYS = ["id", "line", "text", "footnotes"]


def histatlas(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def _json(*args: str) -> dict:
    done = histatlas(*args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_validate_a_valid_pack_prints_one_summary_line() -> None:
    done = histatlas("validate", str(VALID))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        f"ok: {VALID}: 3 excerpts, 1 organisations, 1 events, 3 relationships, 1 tours, "
        + done.stdout.split(", 1 tours, ")[1].strip()
    ]
    assert "Traceback" not in done.stderr


def test_validate_a_broken_pack_lists_every_problem_and_exits_1() -> None:
    done = histatlas("validate", str(FIXTURES / "unknown-field"))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    root = FIXTURES / "unknown-field"
    assert f"{root}/events.yaml:1: league-founded: title: required field is missing" in lines
    assert (
        f"{root}/events.yaml:2: league-founded: titel: unknown field (not part of the pack format)"
        in lines
    )
    assert lines[-1].startswith("2 error(s)")
    assert "Traceback" not in done.stdout + done.stderr


def test_validate_warnings_go_to_stderr_and_still_pass() -> None:
    done = histatlas("validate", str(FIXTURES / "unlinked-excerpt"))
    assert done.returncode == 0
    assert "t-03: -: warning: excerpt is linked by no record" in done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_validate_a_missing_directory_exits_1(tmp_path: Path) -> None:
    done = histatlas("validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert f"{tmp_path / 'nowhere'}:0: -: -: pack directory not found" in done.stdout


def test_slice_by_date_has_exactly_the_contract_keys() -> None:
    data = _json("slice", "--date", "1955-06-01", "--pack", str(VALID))
    assert list(data) == [
        "date",
        "polities",
        "organisations",
        "relationships",
        "events",
        "excerpts",
    ]
    assert data["date"] == "1955-06-01"
    assert [list(r) for r in data["relationships"]] == [RELATIONSHIP_KEYS] * 3
    occupation = data["relationships"][2]
    assert occupation == {
        "id": "borduria-occupies-syldavia",
        "kind": "occupied",
        "subject": "borduria",
        "object": "syldavia",
        "start": "1955-03",
        "end": "1960-06-30",
        "provenance": "context",
        "attributes": {"troops": 5000, "approximate": True},
        "excerpts": [
            {"id": "t-02", "line": 2, "quote": "Borduria occupied Syldavia.Then it left in 1960."}
        ],
        "review": "reviewed",
        "confidence": None,
    }
    assert data["events"] == []
    assert [list(e) for e in data["excerpts"]] == [EXCERPT_KEYS] * 3
    syldavia = next(p for p in data["polities"] if p["id"] == "syldavia")
    assert list(syldavia) == POLITY_KEYS
    assert syldavia == {
        "id": "syldavia",
        "name": "Syldavia",
        "cow": 999,
        "iso3": "SYL",
        "status": "independent",
        "owner": None,
        "gwcode": None,
    }


def test_slice_on_the_end_day_no_longer_shows_the_relationship() -> None:
    before = _json("slice", "--date", "1960-06-29", "--pack", str(VALID))
    on_end = _json("slice", "--date", "1960-06-30", "--pack", str(VALID))
    assert "borduria-occupies-syldavia" in [r["id"] for r in before["relationships"]]
    assert "borduria-occupies-syldavia" not in [r["id"] for r in on_end["relationships"]]


def test_slice_by_year_shows_events_with_places_and_footnotes() -> None:
    data = _json("slice", "--year", "1950", "--pack", str(VALID))
    assert data["year"] == 1950
    (event,) = data["events"]
    assert list(event) == EVENT_KEYS
    # A polity place gets the polity's representative point; a point keeps its own.
    assert event["places"] == [
        {"polity": "syldavia", "lat": 44.0, "lon": 19.0},
        {"polity": None, "lat": 44.5, "lon": 19.5},
    ]
    first = next(e for e in data["excerpts"] if e["id"] == "t-01")
    assert first["footnotes"] == ["2"]
    assert first["text"].startswith("[1] Borduria and Syldavia")


def test_slice_csv_has_one_row_per_record() -> None:
    done = histatlas("slice", "--year", "1960", "--pack", str(VALID), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["type"], r["id"]) for r in rows] == [
        ("organisation", "northern-league"),
        ("relationship", "borduria-in-league"),
        ("relationship", "syldavia-in-league"),
        ("relationship", "borduria-occupies-syldavia"),
    ]
    assert rows[-1]["ended_in_period"] == "True"


def test_dump_holds_every_record_excerpt_and_used_polity() -> None:
    data = _json("dump", "--pack", str(VALID), "--format", "json")
    assert [e["id"] for e in data["excerpts"]] == ["t-01", "t-02", "t-03"]
    assert [r["id"] for r in data["relationships"]] == [
        "borduria-in-league",
        "syldavia-in-league",
        "borduria-occupies-syldavia",
    ]
    assert [list(r) for r in data["relationships"]] == [RELATIONSHIP_KEYS] * 3
    assert [p["id"] for p in data["polities"]] == ["borduria", "syldavia"]
    assert data["notes"]["borduria-occupies-syldavia"].startswith("Invented")
    assert data["pack"]["title"] == "Tiny valid pack"


@pytest.mark.parametrize(
    "args",
    [
        ["slice"],
        ["slice", "--date", "1955-02-30"],
        ["slice", "--date", "1955"],
        ["slice", "--year", "MCMLV"],
        ["slice", "--year", "1955", "--date", "1955-01-01"],
        ["slice", "--year", "1955", "--format", "xml"],
        ["dump"],
        ["dump", "--format", "yaml"],
        ["validate", "a", "b"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str]) -> None:
    done = histatlas(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("histatlas")


@pytest.mark.parametrize("command", [["slice", "--year", "1955"], ["dump", "--format", "json"]])
def test_an_invalid_pack_exits_1_with_its_problems(command: list[str]) -> None:
    root = FIXTURES / "quote-not-verbatim"
    done = histatlas(*command, "--pack", str(root))
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{root}/events.yaml:11: league-founded: excerpts[0].quote: quote not found" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr


def test_slice_geojson_is_the_political_map() -> None:
    data = _json("slice", "--date", "1880-06-01", "--format", "geojson")
    assert data["type"] == "FeatureCollection"
    polities = [f for f in data["features"] if f["properties"]["kind"] == "polity"]
    ids = {f["properties"]["id"] for f in polities}
    assert {"russian-empire", "germany", "austria-hungary"} <= ids
    assert set(polities[0]["properties"]) == {
        "kind",
        "id",
        "name",
        "cow",
        "iso3",
        "status",
        "owner",
        "precision",
        "source",
        "gwcode",
    }
    codes = {f["properties"]["id"]: f["properties"]["gwcode"] for f in polities}
    # Gleditsch-Ward codes with GW's dates (not the shapes' periods).
    assert (codes["russian-empire"], codes["germany"], codes["austria-hungary"]) == (365, 255, 300)
