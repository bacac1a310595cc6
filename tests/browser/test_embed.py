"""``?embed=map`` through `histatlas serve --base-path /atlas`, inside an <iframe> as a reader's
page would hold it: the map alone, sized to the frame, with time controls, legend and links
to the sources; and the share panel's embed code, built from the address the user sees."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.view.state import ViewState
from dashboard.view.url import query_string, to_query
from tests.browser.mapdom import MAP_FRAME, SHAPES, wait_for_app_idle, wait_for_shapes

pytestmark = pytest.mark.browser
FRAME_W, FRAME_H = 640, 420


@pytest.fixture
def host(browser):
    """A reader's page (not ours) holding the embed in an <iframe> of a fixed size."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()

    def embed(src: str):
        page.set_content(
            f'<h1>An article</h1><iframe id="atlas" src="{src}" width="{FRAME_W}" '
            f'height="{FRAME_H}" style="border:0"></iframe>'
        )
        return page.frame_locator("#atlas")

    yield page, embed
    context.close()


def test_embed_is_the_map_alone_sized_to_its_frame(atlas, host, artifacts_dir: Path) -> None:
    srv, _ = atlas
    page, embed = host
    inner = embed(srv.url + "?year=1968&region=europe&embed=map")
    shapes = inner.frame_locator(MAP_FRAME).first.locator(SHAPES)
    shapes.nth(4).wait_for(state="attached", timeout=60_000)
    page.screenshot(path=str(artifacts_dir / "embed-in-a-page.png"))
    frame_box = page.locator("#atlas").bounding_box()
    map_box = inner.locator(MAP_FRAME).bounding_box()
    assert frame_box is not None
    assert map_box is not None
    # The map fills the frame's width and what the controls and sources leave of its height.
    assert map_box["width"] >= FRAME_W * 0.9
    assert map_box["height"] >= FRAME_H * 0.5
    assert map_box["y"] + map_box["height"] <= frame_box["y"] + FRAME_H
    # No dashboard around it: no sidebar, no source panel, no Streamlit header.
    assert inner.locator('[data-testid="stSidebar"]').is_hidden()
    assert inner.get_by_text("Sources", exact=True).count() == 0
    # Leaflet follows the frame: the map ends where its frame ends, legend and scale in view.
    in_map = inner.frame_locator(MAP_FRAME).first
    fits = in_map.locator("body").evaluate(
        """() => {
            const limit = window.innerHeight + 1;
            const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom;
            return [bottom('.leaflet-container') <= limit,
                    bottom('.leaflet-control-scale') <= limit];
        }"""
    )
    assert fits == [True, True]
    # The legend is inside the map; the sources line escapes the pack's title.
    assert in_map.get_by_text("Legend").count() == 1
    line = inner.locator(".hx-embed-sources")
    assert "Test pack <b>bold</b>" in line.inner_text()


def test_embed_links_open_the_full_view_under_the_base_path(atlas, host) -> None:
    srv, _ = atlas
    _, embed = host
    inner = embed(srv.url + "?year=1968&region=europe&embed=map")
    links = inner.locator(".hx-embed-sources a")
    links.first.wait_for(timeout=60_000)
    hrefs = links.evaluate_all("els => els.map(a => [a.href, a.target])")
    assert hrefs, "the excerpts behind the map are linked"
    for href, target in hrefs:
        assert target == "_blank"
        assert href.startswith(srv.url + "?")
        query = parse_qs(urlsplit(href).query)
        assert "embed" not in query, "a source link opens the whole dashboard"
        assert query["year"] == ["1968"]
    excerpts = [parse_qs(urlsplit(h).query).get("excerpt", [""])[0] for h, _ in hrefs]
    assert "tx-02" in excerpts  # Bordurian troops in Aland, 1968


def test_embed_time_controls_step_the_map(atlas, host) -> None:
    srv, _ = atlas
    _, embed = host
    inner = embed(srv.url + "?year=1968&region=europe&embed=map")
    line = inner.locator(".hx-embed-sources")
    line.get_by_text("1968").wait_for(timeout=60_000)
    inner.get_by_role("button", name="▶").click()
    line.get_by_text("1969").wait_for(timeout=60_000)
    inner.get_by_role("button", name="◀").click()
    inner.get_by_role("button", name="◀").wait_for()
    line.get_by_text("1968").wait_for(timeout=60_000)


def test_share_panel_offers_the_embed_code_of_the_view(atlas, browser) -> None:
    srv, ctx = atlas
    view = ViewState(year=1968, region="europe", layers=("alliances", "events"))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(srv.url + query_string(to_query(view, ctx)))
        wait_for_shapes(page, minimum=5)
        wait_for_app_idle(page)
        page.get_by_text("Share, present, export").click()
        box = page.frame_locator('iframe[title="st.iframe"]').nth(1).locator("#hx-embed")
        box.wait_for(timeout=30_000)
        code = box.input_value()
        src = srv.url + query_string(to_query(view, ctx) | {"embed": "map"})
        assert code.startswith(f'<iframe src="{src.replace("&", "&amp;")}"')
        assert 'title="histatlas: Test pack &lt;b>bold&lt;/b>, ' in code
        # The code works: the embed it names shows the map alone.
        other = context.new_page()
        other.goto(src)
        other.frame_locator(MAP_FRAME).first.locator(SHAPES).nth(4).wait_for(
            state="attached", timeout=60_000
        )
        assert other.locator(".hx-embed-sources").count() == 1
    finally:
        context.close()
