"""The review view in the app: candidates listed with their marked words, accepted, rejected,
drawn apart on the map until then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.settings import PACK_ENV
from events.ingest.draft import ingest
from events.pack import load_pack
from tests.app.helpers import drawn_polities, run_app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("app-review") / "draft"
    ingest(REPO / "tests" / "fixtures" / "ingest" / "dev" / "comecon.txt", target, "Comecon")
    return target


@pytest.fixture
def draft(made: Path, tmp_path: Path, monkeypatch) -> Path:
    copy = tmp_path / "draft"
    shutil.copytree(made, copy)
    monkeypatch.setenv(PACK_ENV, str(copy))
    return copy


def test_candidates_are_drawn_apart_and_say_unreviewed(draft: Path) -> None:
    at = run_app({"year": "1960", "layers": "political,alliances,events"})
    assert not at.exception
    poland = drawn_polities(at)["poland"]
    assert poland["color"].upper() == "#C2188B"  # the candidate outline
    assert poland["dashArray"] == "2 4"
    assert "unreviewed" in poland["tooltip"]
    # The legend sits under the map in the app.
    legend = next(m.value for m in at.markdown if m.value.startswith('<div class="legend-flow"'))
    assert "unreviewed: proposed by histatlas ingest" in legend
    assert "#C2188B" in legend.upper()


def test_review_lists_candidates_and_accepting_writes_the_pack(draft: Path) -> None:
    before = load_pack(draft).candidates
    at = run_app()
    button = next(b for b in at.button if b.label.startswith("Review "))
    assert button.label == f"Review {before} candidates"
    at = button.click().run()
    assert any("Review candidates" in h.value for h in at.header)
    marked = [m.value for m in at.markdown if "<mark>" in m.value]
    assert marked  # the quoted words are marked inside their excerpt
    assert not at.get("image")  # previews are drawn only when asked for
    toggle = next(t for t in at.toggle if t.key.startswith("preview-"))
    at = toggle.set_value(True).run()
    assert len(at.get("image")) == 1
    accept = next(b for b in at.button if b.key and b.key.startswith("accept-"))
    record_id = accept.key.removeprefix("accept-")
    at = accept.click().run()
    assert not at.exception
    pack = load_pack(draft)
    assert pack.candidates == before - 1
    assert pack.records_by_id[record_id].review == "reviewed"
    assert any("1 accepted, 0 rejected" in s.value for s in at.success)


def test_bulk_reject_by_confidence_and_back_to_the_map(draft: Path) -> None:
    at = run_app({"year": "1960"})
    at = next(b for b in at.button if b.label.startswith("Review ")).click().run()
    at.slider(key="review-floor").set_value(0.85).run()
    shown = [b for b in at.button if b.key == "review-reject-all"]
    assert shown
    high = [r for r in load_pack(draft).records_by_id.values()
            if r.is_candidate and (r.confidence or 0) >= 0.85]  # fmt: skip
    assert shown[0].label == f"Reject all {len(high)} shown"
    at = shown[0].click().run()
    assert not at.exception
    left = load_pack(draft)
    assert all((r.confidence or 0) < 0.85 for r in left.records_by_id.values() if r.is_candidate)
    at = at.button(key="review-close").click().run()
    assert not at.exception  # the map's widgets get their values back
    assert not any("Review candidates" in h.value for h in at.header)
    assert at.slider(key="year").value == 1960
