"""Review decisions written back: accept, reject, edit and accept - atomically, pack valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from events.authoring.review import ReviewError, apply
from events.ingest.draft import ingest
from events.pack import load_pack, validate_pack

REPO = Path(__file__).resolve().parents[3]
ORG = "council-for-mutual-economic-assistance"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("review") / "draft"
    ingest(REPO / "tests" / "fixtures" / "ingest" / "dev" / "comecon.txt", target)
    return target


@pytest.fixture
def draft(made: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "draft"
    shutil.copytree(made, copy)
    return copy


def test_accepting_makes_an_ordinary_reviewed_record(draft: Path) -> None:
    outcome = apply(draft, accept=[f"poland-member-of-{ORG}-1949-01"])
    assert outcome.accepted == [f"poland-member-of-{ORG}-1949-01"]
    record = load_pack(draft).records_by_id[f"poland-member-of-{ORG}-1949-01"]
    assert (record.review, record.confidence) == ("reviewed", None)
    assert record.note.endswith("Reviewed in histatlas: accepted.")
    assert load_pack(draft).candidates > 0  # the others are still candidates


def test_rejecting_an_organisation_takes_its_candidates_along(draft: Path) -> None:
    before = len(load_pack(draft).relationships)
    outcome = apply(draft, reject=[ORG])
    pack = load_pack(draft)
    assert ORG not in pack.records_by_id
    assert all(r.object != ORG for r in pack.relationships)
    assert len(pack.relationships) == before - (len(outcome.rejected) - 1)
    assert [p for p in validate_pack(draft) if p.is_error] == []


def test_an_edit_is_saved_and_accepted(draft: Path) -> None:
    record_id = f"albania-member-of-{ORG}-1949-02"
    apply(draft, edits={record_id: {"start": "1949-02-23", "end": "1961-12"}})
    record = load_pack(draft).records_by_id[record_id]
    assert (str(record.start), str(record.end), record.review) == (
        "1949-02-23",
        "1961-12",
        "reviewed",
    )
    assert "edited and accepted" in record.note


def test_a_bad_decision_writes_nothing(draft: Path) -> None:
    before = {p.name: p.read_bytes() for p in draft.iterdir()}
    with pytest.raises(ReviewError, match="nope: no such record"):
        apply(draft, accept=["nope"])
    with pytest.raises(ReviewError, match=r"end"):
        apply(draft, edits={f"albania-member-of-{ORG}-1949-02": {"end": "1900"}})
    apply(draft, accept=[f"poland-member-of-{ORG}-1949-01"])
    with pytest.raises(ReviewError, match="already reviewed"):
        apply(draft, accept=[f"poland-member-of-{ORG}-1949-01"])
    assert {p.name for p in draft.iterdir()} == set(before)


def test_a_crash_between_files_leaves_the_pack_valid(draft: Path, power_cut) -> None:
    with pytest.raises(OSError, match="power cut"):
        apply(draft, reject=[ORG])  # relationships first, then the organisation
    assert [p for p in validate_pack(draft) if p.is_error] == []
