"""The dashboard in a real browser: slider, clicking shapes, opening excerpts, regions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.map import colours
from tests.browser.dashdom import (
    TIMEOUT,
    map_bounds,
    map_frame_handle,
    wait_for_fill,
    wait_for_slider,
)
from tests.browser.mapdom import wait_for_app_idle
from tests.dashboard.conftest import MINI_PACK
from tests.support.server import Server, running_server

pytestmark = pytest.mark.browser
PACT = colours.OKABE_ITO[0]


@pytest.fixture(scope="module")
def mini_server(artifacts_dir) -> Iterator[Server]:
    with running_server(artifacts_dir, "--pack", str(MINI_PACK)) as srv:
        yield srv


def test_moving_the_slider_recolours_the_map(mini_server, page) -> None:
    page.goto(mini_server.url + "?year=1954")
    wait_for_fill(page, "poland", [PACT], present=False)
    slider = page.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")  # 1955: the pact is signed
    assert wait_for_fill(page, "poland", [PACT]) == PACT.upper()
    wait_for_app_idle(page)
    assert page.request_log.outside() == []
    assert page.page_errors == []


def test_clicking_a_shape_opens_its_dossier_with_the_excerpt(mini_server, page) -> None:
    page.goto(mini_server.url + "?year=1970&region=eastern-europe")
    wait_for_fill(page, "poland", [PACT])
    wait_for_app_idle(page)
    poland = map_frame_handle(page).locator("path.polity-poland")
    box = poland.bounding_box()
    assert box is not None
    # Off-centre: the pact's seat marker sits on Warsaw.
    poland.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.6})
    marked = page.locator("mark", has_text="signed in Warsaw").first
    marked.wait_for(timeout=TIMEOUT)
    page.wait_for_url("**focus=poland**", timeout=TIMEOUT)
    assert page.page_errors == []


def test_clicking_an_arrow_opens_its_record(mini_server, page) -> None:
    page.goto(mini_server.url + "?year=1956&region=europe")
    frame = map_frame_handle(page)
    head = frame.locator("path.arrowhead.rec-soviet-troops-hungary")
    head.wait_for(timeout=TIMEOUT)
    wait_for_app_idle(page)
    head.click(force=True)
    page.locator("mark", has_text="Troops of the Soviet Union").first.wait_for(timeout=TIMEOUT)
    page.wait_for_url("**focus=soviet-troops-hungary**", timeout=TIMEOUT)


def test_opening_an_excerpt_jumps_the_map(mini_server, page) -> None:
    page.goto(mini_server.url + "?year=1970")
    wait_for_fill(page, "poland", [PACT])
    wait_for_app_idle(page)
    page.get_by_role("button", name="Open mp-03 and go to its map").click()
    wait_for_slider(page, 1772)
    wait_for_fill(page, "prussia", list(colours.TOL_MUTED))
    page.wait_for_url("**excerpt=mp-03**", timeout=TIMEOUT)
    south, west, north, east = map_bounds(page)
    assert south < 52.5 < north
    assert west < 13.4 < east
    assert east - west < 120, "zoomed to the place, not the world"


def test_picking_a_region_fits_the_map_to_it(mini_server, page) -> None:
    page.goto(mini_server.url + "?year=1970")
    wait_for_fill(page, "poland", [PACT])
    wait_for_app_idle(page)
    world = map_bounds(page)
    page.get_by_role("combobox", name="Region").click()
    page.get_by_role("option", name="Africa").click()
    page.wait_for_url("**region=africa**", timeout=TIMEOUT)
    # A new fit makes a new map frame: look it up afresh on every poll.
    page.wait_for_function(
        """() => {
            const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const map = frame && frame.contentWindow && frame.contentWindow.map;
            return Boolean(map) && map.getBounds().getEast() < 100;
        }""",
        timeout=TIMEOUT,
    )
    south, west, north, east = map_bounds(page)
    assert east - west < world[3] - world[1]
    assert south < 0 < north
    assert west < 20 < east
