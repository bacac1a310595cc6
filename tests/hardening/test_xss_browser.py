"""Hostile text from a pack and from the URL, clicked through the real app in Chromium.

The pack (see xsspack.py) puts HTML, script and markdown payloads in every text field the
app shows. For each view - the map with every feature hovered and clicked, record cards,
dossiers, an opened excerpt, search, presenter mode - no dialog may fire, no element may be
injected into the page or the map iframe, and no request may leave the machine.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.mapdom import MAP_FRAME, wait_for_app_idle
from tests.hardening.xsscheck import CLICK_THROUGH_MAP, INJECTED, MARKDOWN, injected_anywhere
from tests.hardening.xsspack import ALL
from tests.support.server import running_server

pytestmark = pytest.mark.browser

VIEWS = {
    "map-1920": "?year=1920",
    "event-card": "?year=1920&focus=xss-congress",
    "relationship-card": "?year=1920&focus=xss-deployed",
    "organisation-card": "?year=1920&focus=xss-league",
    "dossier-pack-polity": "?year=1920&focus=syldavia",
    "dossier-gazetteer-polity": "?year=1920&focus=poland",
    "open-excerpt": "?year=1920&excerpt=xss-02",
    "presenter-tour": "?present=1&tour=xss-tour",
    "embed": "?year=1920&region=europe&embed=map",
}
URL_PARAMETERS = ("year", "date", "region", "bounds", "layers", "focus", "excerpt", "tour")
URL_PAYLOAD = ALL.replace("alert(1)", "alert(101)")  # told apart from the pack's own text
HOSTILE_QUERIES = {
    # every parameter hostile at once: each must fall back on its own, with an escaped notice
    "all-parameters": "&".join(f"{name}={quote(URL_PAYLOAD)}" for name in URL_PARAMETERS),
    # a valid view with hostile selections, so the map and side panel are drawn around them
    "focus-and-excerpt": (
        f"year=1920&focus={quote(URL_PAYLOAD)}&excerpt={quote(URL_PAYLOAD)}&region=europe"
    ),
}


@pytest.fixture(scope="module")
def xss_server(xss_pack: Path, artifacts_dir: Path):
    with running_server(artifacts_dir, env={"HISTATLAS_PACK": str(xss_pack)}) as server:
        yield server


def _open(watched, url: str) -> None:
    page = watched.page
    page.goto(url)
    # "attached", not visible: Leaflet collapses shapes outside the view (e.g. Afghanistan in a
    # Europe view) to an empty path, and the first shape in drawing order may be one of them.
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-interactive").first.wait_for(
        state="attached", timeout=90_000
    )
    wait_for_app_idle(page)


def _click_through_map(page) -> int:
    """Hover and click every map feature; return how many; fail on anything injected."""
    visited = 0
    for frame in page.frames:
        if frame is page.main_frame:
            continue
        result = frame.evaluate(CLICK_THROUGH_MAP, INJECTED)
        assert result["found"] == [], f"tooltips/popups injected: {result['found']}"
        visited += result["visited"]
    return visited


def _assert_clean(watched) -> None:
    assert injected_anywhere(watched.page) == []
    assert watched.dialogs == [], "a payload ran"
    assert watched.outside() == [], "nothing is fetched from outside (markdown images)"


@pytest.mark.parametrize("query", list(VIEWS.values()), ids=list(VIEWS))
def test_views_escape_pack_text(xss_server, watched, query: str) -> None:
    _open(watched, xss_server.url + query)
    assert _click_through_map(watched.page) > 0, "the map has features to hover and click"
    _assert_clean(watched)
    assert watched.page.get_by_text("<img src=x onerror=alert(1)>").count() > 0, (
        "the payload is shown as text"
    )


def test_clicking_excerpts_records_and_search(xss_server, watched) -> None:
    page = watched.page
    _open(watched, xss_server.url + "?year=1920")
    page.get_by_role("button", name="Open xss-01").first.click()
    wait_for_app_idle(page)
    _assert_clean(watched)
    page.get_by_role("button", name="Congress").first.click()  # the record the excerpt supports
    wait_for_app_idle(page)
    _assert_clean(watched)
    search = page.get_by_label("Search excerpts and records")
    search.fill("<img src=x onerror=alert(1)>")
    search.press("Enter")
    page.get_by_text("match(es)").first.wait_for(timeout=60_000)  # the search has run
    wait_for_app_idle(page)
    _assert_clean(watched)


@pytest.mark.parametrize("query", list(HOSTILE_QUERIES.values()), ids=list(HOSTILE_QUERIES))
def test_hostile_url_parameters_are_escaped(xss_server, watched, query: str) -> None:
    _open(watched, f"{xss_server.url}?{query}")
    _assert_clean(watched)
    assert watched.errors == []
    assert watched.page.get_by_text("<img src=x onerror=alert(101)>").count() > 0, (
        "the notice shows the bad value as text"
    )


def test_markdown_in_pack_text_is_not_rendered(xss_server, watched) -> None:
    _open(watched, xss_server.url + "?year=1920&focus=syldavia")
    found = [item for frame in watched.page.frames for item in frame.evaluate(MARKDOWN)]
    assert found == []
    assert watched.outside() == []
