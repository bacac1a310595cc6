"""Shared links through `histatlas serve --base-path /atlas`: each view reopens exactly.

For each view the link is built by dashboard.view.state (as "Copy link" builds it), opened in a
fresh browser context, and the page is read back: the slider year, the exact day, the
layers, the focused record, the map's bounds, and the URL the app writes from its state.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from dashboard.map.legend import LAYER_TITLES
from dashboard.view.state import ViewState
from dashboard.view.url import query_string, to_query
from tests.browser.dashdom import shows
from tests.browser.mapdom import MAP_FRAME, wait_for_app_idle, wait_for_shapes
from tests.support.browser import RequestLog
from tests.support.server import Server

pytestmark = pytest.mark.browser
BASE = "/atlas"


@pytest.fixture
def fresh(browser):
    """A new context per page: nothing carried over from another visit."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.request_log = RequestLog()  # type: ignore[attr-defined]
        context.on("request", lambda req: page.request_log.urls.append(req.url))
        return page

    yield open_page
    for context in contexts:
        context.close()


VIEWS = {
    "year-region-layers-focus": ViewState(
        year=1968, region="europe", layers=("alliances", "events"), focus="szohod-pact"
    ),
    "exact-day": ViewState(year=1955, day=date(1955, 5, 14), layers=("political", "alliances")),
    "bounds-excerpt": ViewState(year=1970, bounds=(0.0, 0.0, 20.0, 40.0), excerpt="tx-02"),
}


def map_bounds(page) -> tuple[float, float, float, float]:
    frame = page.frame_locator(MAP_FRAME).first
    found = frame.locator("body").evaluate(
        """() => {
            const map = Object.values(window).find(v => v && v instanceof window.L.Map);
            const b = map.getBounds();
            return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
        }"""
    )
    return tuple(found)


def slider_year(page) -> int:
    return int(page.get_by_role("slider", name="Year").first.input_value())


def shown_day(page) -> date:
    """The exact-day input, read from its year, month and day fields."""
    parts = [
        int(page.get_by_role("spinbutton", name=f"{part}, Day").get_attribute("aria-valuenow"))
        for part in ("year", "month", "day")
    ]
    return date(*parts)


def open_link(page, srv: Server, query: dict[str, str]) -> None:
    page.goto(srv.url + query_string(query))
    wait_for_shapes(page, minimum=5)
    wait_for_app_idle(page)


def shown_query(page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))


@pytest.mark.parametrize("name", list(VIEWS))
def test_link_reopens_the_same_view(atlas, fresh, name, artifacts_dir) -> None:
    srv, ctx = atlas
    view = VIEWS[name]
    query = to_query(view, ctx)
    page = fresh()
    open_link(page, srv, query)
    page.screenshot(path=str(artifacts_dir / f"link-{name}.png"))
    assert shown_query(page) == query, "the app wrote back exactly the state it was given"
    assert urlsplit(page.url).path == BASE + "/"
    assert slider_year(page) == view.year
    if view.day is not None:
        assert shown_day(page) == view.day
    chips = page.locator(
        '[data-testid="stSidebar"] .react-aria-ComboBox [aria-label="Selected values"] [data-tag]'
    ).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert sorted(chips) == sorted(LAYER_TITLES[x] for x in view.layers)
    if view.focus == "szohod-pact":
        assert page.get_by_text("Pact of Szohod", exact=False).first.is_visible()
    if view.bounds is not None:
        assert shows(map_bounds(page), view.bounds)
    assert page.request_log.outside() == []


def test_tour_slide_link_opens_the_slide(atlas, fresh) -> None:
    srv, _ = atlas
    query = {"tour": "pact-story", "slide": "2"}
    page = fresh()
    open_link(page, srv, query)
    assert shown_query(page) == query
    assert slider_year(page) == 1968
    assert shown_day(page) == date(1968, 8, 21)
    assert shows(map_bounds(page), (0.0, 0.0, 20.0, 40.0))


def test_copy_link_uses_the_address_the_user_sees(atlas, fresh) -> None:
    srv, _ = atlas
    query = {"tour": "pact-story", "slide": "2", "present": "1"}
    page = fresh()
    open_link(page, srv, query)
    page.get_by_text("Share and export").click()
    box = page.frame_locator('iframe[title="st.iframe"]').first.locator("#hx-link")
    box.wait_for()
    link = box.input_value()
    assert link == srv.url + "?tour=pact-story&slide=2&present=1"
    assert link.startswith(f"http://127.0.0.1:{urlsplit(srv.url).port}{BASE}/")
    # The copied link opens the same slide in a fresh browser.
    again = fresh()
    again.goto(link)
    again.get_by_text("Slide 2 / 3").wait_for(timeout=60_000)
    assert again.get_by_role("heading", name="Troops").is_visible()


def test_dashboard_copy_link_reopens_the_view(atlas, fresh) -> None:
    srv, ctx = atlas
    view = ViewState(year=1968, region="europe", layers=("alliances", "events"))
    page = fresh()
    open_link(page, srv, to_query(view, ctx))
    page.get_by_text("Share, present, export").click()
    box = page.frame_locator('iframe[title="st.iframe"]').first.locator("#hx-link")
    box.wait_for()
    link = box.input_value()
    assert link == srv.url + query_string(to_query(view, ctx))
    again = fresh()
    again.goto(link)
    wait_for_shapes(again, minimum=5)
    wait_for_app_idle(again)
    assert slider_year(again) == 1968
    assert shown_query(again) == to_query(view, ctx)
