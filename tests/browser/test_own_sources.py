"""Your own sources in the real app: a spreadsheet uploaded into a new pack appears on the
map; a text's candidates are reviewed and accepted in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.authoring.scaffold import SHEET_COLUMNS, new_pack
from events.ingest.draft import ingest
from events.pack import load_pack
from tests.support.server import running_server

REPO = Path(__file__).resolve().parents[2]
CHAPTER = "In January 1949 six states founded Comecon in Moscow.\n"
SHEET = [
    ",".join(SHEET_COLUMNS),
    "comecon,organisation,council,Comecon,,,1949-01-25,1991-06-28,Moscow,55.7558,37.6173,,"
    "cc-01,founded Comecon,,",
    "poland-in-comecon,,member_of,,Poland,Comecon,1949-01-25,1991-06-28,,,,,cc-01,six states,,",
]


@pytest.fixture
def new_and_draft(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "chapter.txt"
    corpus.write_text(CHAPTER, encoding="utf-8")
    mine = new_pack(tmp_path / "mine", "Comecon chapter", corpus)
    draft = tmp_path / "draft"
    ingest(REPO / "tests" / "fixtures" / "ingest" / "dev" / "comecon.txt", draft, "Comecon text")
    return mine, draft


def test_upload_a_sheet_then_review_a_texts_candidates(
    new_and_draft, page, artifacts_dir: Path, tmp_path: Path
) -> None:
    mine, draft = new_and_draft
    sheet = tmp_path / "records.csv"
    sheet.write_text("\n".join(SHEET) + "\n", encoding="utf-8")
    with running_server(artifacts_dir, "--pack", str(mine), "--pack", str(draft)) as srv:
        page.goto(srv.url + "?year=1960&layers=political,alliances")
        box = page.get_by_text("Your sources: import, review")
        box.wait_for(timeout=60_000)
        box.click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(sheet))
        page.get_by_role("button", name="Import into this pack").click()
        page.get_by_text("records.csv: 2 added, 0 changed").wait_for(timeout=60_000)
        assert [r.id for r in load_pack(mine).relationships] == ["poland-in-comecon"]
        page.get_by_text("Comecon").first.wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts_dir / "own-sources-imported.png"), full_page=True)

        before = load_pack(draft).candidates
        page.goto(srv.url + "?pack=draft&year=1960&layers=political,alliances,events")
        review = page.get_by_role("button", name=f"Review {before} candidates")
        review.wait_for(timeout=60_000)
        review.click()
        page.get_by_text("Review candidates").first.wait_for(timeout=60_000)
        # Each card marks its quoted words (the page fills in as it renders).
        page.wait_for_function("document.querySelectorAll('mark').length >= 3", timeout=30_000)
        page.screenshot(path=str(artifacts_dir / "own-sources-review.png"), full_page=True)
        page.get_by_role("button", name="Accept", exact=True).first.click()
        page.get_by_text("1 accepted, 0 rejected").wait_for(timeout=60_000)
        assert load_pack(draft).candidates == before - 1
        page.get_by_role("button", name="← Back to the map").click()
        page.get_by_text("unreviewed: proposed by histatlas ingest").wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts_dir / "own-sources-map.png"), full_page=True)
