"""Exported HTML opened from disk with the network cut: map, layers, keys, nothing leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.export.html import tour_html, view_html
from dashboard.view.state import ViewState
from events.pack import load_pack
from tests.dashboard.export.test_export_fixtures import squares_atlas, write_pack

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("export")
    pack = load_pack(write_pack(root / "pack"))
    out = {
        "view": root / "view.html",
        "tour": root / "tour.html",
    }
    out["view"].write_text(view_html(pack, ViewState(year=1968), squares_atlas()), "utf-8")
    out["tour"].write_text(tour_html(pack, "pact-story", squares_atlas()), "utf-8")
    return out


def open_file(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)


def test_view_export_renders_map_and_layers_offline(files, offline, artifacts_dir) -> None:
    page, asked, errors, dialogs = offline
    open_file(page, files["view"])
    assert page.locator("path.hx-polity").count() == 2
    assert page.locator("path.hx-marked").count() == 2  # both pact members coloured
    assert page.locator("path.hx-arrow").count() == 1  # the deployment
    assert page.locator("#legend li").count() >= 2
    assert "at any time during 1968" in page.inner_text("#date")
    assert "CC BY-SA 4.0" in page.inner_text("#attribution")
    assert page.locator("#nav").is_hidden(), "one view: no slide controls"
    page.locator("path.hx-arrow").click(force=True)
    assert "Bordurian troops went to Aland" in page.inner_text("#cards")
    assert page.locator(".excerpt.linked").count() == 1
    page.screenshot(path=str(artifacts_dir / "export-view.png"))
    assert [u for u in asked if not u.startswith("file:")] == []
    assert asked == [files["view"].as_uri()], "only the file itself was read"
    assert errors == []
    assert dialogs == []


def test_tour_export_steps_with_keys_and_buttons(files, offline, artifacts_dir) -> None:
    page, asked, errors, dialogs = offline
    open_file(page, files["tour"])
    assert page.get_attribute("body", "data-slide") == "1"
    assert page.inner_text("#slide-no") == "Slide 1 / 3"
    assert page.inner_text("#slide-title") == "Founded"
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("body[data-slide='2']")
    assert page.inner_text("#slide-title") == "Troops"
    assert page.inner_text("#caption") == "Help, fraternal."
    assert page.locator("path.hx-arrow").count() == 1
    assert page.locator("path.hx-focus").count() == 2
    page.screenshot(path=str(artifacts_dir / "export-tour-2.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("body[data-slide='3']")
    assert page.locator("#next").is_disabled()
    page.keyboard.press("ArrowRight")  # past the end: stays
    assert page.get_attribute("body", "data-slide") == "3"
    page.click("#prev")
    page.wait_for_selector("body[data-slide='2']")
    page.keyboard.press("Home")
    page.wait_for_selector("body[data-slide='1']")
    assert [u for u in asked if not u.startswith("file:")] == []
    assert errors == []
    assert dialogs == []


def test_hostile_text_stays_text(files, offline) -> None:
    page, _, _, dialogs = offline
    open_file(page, files["tour"])
    for index in range(3):
        page.wait_for_selector(f"body[data-slide='{index + 1}']")
        for shape in page.locator("path.hx-polity").all():
            shape.hover(force=True)
        page.keyboard.press("ArrowRight")
    # No element came from the payloads: no img, svg-onload, iframe or extra script.
    assert page.locator("img").count() == 0
    assert page.locator("iframe").count() == 0
    assert page.locator("script").count() == 4  # Leaflet, the map script, the data, the player
    assert page.locator("[onerror], [onload], a[href^='javascript']").count() == 0
    assert "<script>alert(5)</script>" in page.inner_text("#title")
    assert dialogs == []


def test_built_in_tour_export_offline(tmp_path, offline, artifacts_dir) -> None:
    """The real thing: the Eastern bloc tour of the built-in pack, with geodata's borders."""
    path = tmp_path / "eastern-bloc.html"
    path.write_text(tour_html(load_pack(None), "eastern-bloc-and-warsaw-pact"), "utf-8")
    page, asked, errors, dialogs = offline
    page.goto(path.as_uri() + "#slide=5")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    assert page.get_attribute("body", "data-slide") == "5"
    assert page.inner_text("#slide-title") == "Prague, August 1968"
    assert page.locator("path.hx-polity").count() > 100
    assert page.locator("path.hx-marked").count() >= 7  # the Pact's members at least
    assert page.locator("path.hx-arrow").count() >= 3  # Soviet forces abroad
    assert page.locator("path.hx-focus").count() >= 1
    # Names on the map as in the app, from the file itself (the map script is inlined).
    page.locator(".hx-name", has_text="Czechoslovakia").first.wait_for(state="visible")
    names = page.eval_on_selector_all(".hx-name", "els => els.map(e => e.innerText)")
    assert {"Poland", "Hungary"} <= set(names)
    page.screenshot(path=str(artifacts_dir / "export-eastern-bloc-5.png"))
    page.keyboard.press("End")
    page.wait_for_selector("body[data-slide='8']")
    assert "Warsaw Pact is formally dissolved" in page.inner_text("#caption")
    assert [u for u in asked if not u.startswith("file:")] == []
    assert errors == []
    assert dialogs == []
