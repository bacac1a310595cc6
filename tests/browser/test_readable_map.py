"""A map you can read, in headless Chromium: names on the map, partitioned Poland drawn as
the land each power held, regions and a focus framed to the real frame, the map reachable by
keyboard, and the map in words for a screen reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.dashdom import TIMEOUT, map_frame_handle
from tests.browser.mapdom import wait_for_app_idle, wait_for_shapes

pytestmark = pytest.mark.browser

# Which land is drawn on top at a point of the map (under any marker or arrow there; names
# let clicks through).
MARK_AT = """([lat, lon]) => {
    const p = window.map.latLngToContainerPoint([lat, lon]);
    const box = window.map.getContainer().getBoundingClientRect();
    const land = document.elementsFromPoint(box.left + p.x, box.top + p.y)
        .filter(el => el.classList.contains('polity') || el.classList.contains('area'));
    return land.length ? land[0].getAttribute('class') : null;
}"""
NAMES = """() => [...document.querySelectorAll('.hx-name')].map(el => {
    const r = el.getBoundingClientRect();
    const text = el.innerText.replace(/\\n/g, ' ');
    return {text: text, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
})"""
BOUNDS = """() => { const b = window.map.getBounds();
    return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""
CITIES = {"Warsaw": (52.23, 21.01), "Krakow": (50.06, 19.94), "Poznan": (52.41, 16.93)}


def open_map(page, url: str):
    page.goto(url)
    wait_for_shapes(page, 20)
    wait_for_app_idle(page)
    frame = map_frame_handle(page)
    frame.wait_for_function(
        "() => window.histatlas && window.histatlas.busy === 0", timeout=TIMEOUT
    )
    return frame


def names_on_map(frame, wanted: list[str]) -> list[dict]:
    """The names on the map once all of ``wanted`` are there (a name may wrap on two lines)."""
    frame.wait_for_function(
        f"(wanted) => {{ const names = ({NAMES})().map(n => n.text);"
        " return wanted.every(w => names.includes(w)); }",
        arg=wanted,
        timeout=TIMEOUT,
    )
    return frame.evaluate(NAMES)


def assert_inside_the_map_and_apart(frame, names: list[dict]) -> None:
    box = frame.evaluate(
        "() => { const r = window.map.getContainer().getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; }"
    )
    for n in names:
        inside = box[0] - 1 <= n["x0"] <= n["x1"] <= box[2] + 1
        assert inside, n
        assert box[1] - 1 <= n["y0"] <= n["y1"] <= box[3] + 1, n
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            apart = (
                a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]
            )
            assert apart, f"{a['text']} overlaps {b['text']}"


def assert_holds_eastern_europe(bounds: list[float]) -> None:
    """The region (41-57.5 N, 9.5-40.5 E) is all shown and fills the frame along one axis:
    the bloc is not a corner of a map of Scandinavia."""
    s, w, n, e = bounds
    assert s <= 41.5, bounds
    assert w <= 10.0, bounds
    assert n >= 57.0, bounds
    assert e >= 40.0, bounds
    assert (n - s) < 30 or (e - w) < 45, f"fitted tightly along one axis: {bounds}"


def test_names_of_eastern_europe_in_1956(server, page, artifacts_dir: Path) -> None:
    frame = open_map(page, server.url + "?year=1956&region=eastern-europe")
    names = names_on_map(frame, ["Poland", "Hungary", "Czechoslovakia", "East Germany"])
    assert_inside_the_map_and_apart(frame, names)
    texts = {n["text"] for n in names}
    assert "Soviet Union" in texts  # a big country named where the map shows it
    page.screenshot(path=str(artifacts_dir / "names-1956-eastern-europe.png"))
    # The region fills the frame: the bloc is not a corner of a map of Scandinavia.
    assert_holds_eastern_europe(frame.evaluate(BOUNDS))
    assert page.page_errors == []


def test_names_of_africa_in_1985(server, page, artifacts_dir: Path) -> None:
    frame = open_map(page, server.url + "?year=1985&region=africa")
    names = names_on_map(frame, ["Angola", "Ethiopia"])
    assert_inside_the_map_and_apart(frame, names)
    page.screenshot(path=str(artifacts_dir / "names-1985-africa.png"))


def test_names_follow_the_date(server, page) -> None:
    """The name of the day, where it fits (framed on the country, it does)."""
    frame = open_map(page, server.url + "?year=1860&focus=prussia")
    names_on_map(frame, ["Kingdom of Prussia"])
    frame = open_map(page, server.url + "?year=1880&focus=germany")
    names_on_map(frame, ["German Empire"])
    frame = open_map(page, server.url + "?year=1985&focus=germany")
    assert "German Empire" not in [n["text"] for n in frame.evaluate(NAMES)]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            1795,  # 1 July 1795: before the third partition
            {"Warsaw": "polity-polish-lithuanian-commonwealth",
             "Krakow": "polity-polish-lithuanian-commonwealth",
             "Poznan": "rec-prussia-holds-partition-1793"},
        ),
        (
            1815,
            {"Warsaw": "rec-russia-holds-partition-1815",
             "Krakow": "polity-free-city-of-krakow",
             "Poznan": "rec-prussia-holds-partition-1815"},
        ),
        (
            1880,
            {"Warsaw": "rec-russia-holds-partition-1815",
             "Krakow": "rec-austria-hungary-holds-partition",
             "Poznan": "rec-germany-holds-partition"},
        ),
    ],
)  # fmt: skip
def test_partitioned_poland_as_land(server, page, artifacts_dir: Path, year, expected) -> None:
    frame = open_map(page, server.url + f"?year={year}&region=eastern-europe")
    frame.locator("path.area").first.wait_for(state="attached", timeout=TIMEOUT)
    found = {city: frame.evaluate(MARK_AT, list(point)) for city, point in CITIES.items()}
    for city, mark in expected.items():
        assert mark in (found[city] or "").split(), f"{year} {city}: {found[city]}"
    names = [n["text"] for n in frame.evaluate(NAMES)]
    assert any(str(y) in " ".join(names) for y in (1772, 1793, 1795, 1815)), names
    page.screenshot(path=str(artifacts_dir / f"partitions-{year}.png"))


def test_a_focused_polity_is_outlined_and_framed(server, page, artifacts_dir: Path) -> None:
    frame = open_map(page, server.url + "?year=1930&focus=poland")
    s, w, n, e = frame.evaluate(BOUNDS)
    assert s < 49.0, "all of Poland shows"
    assert n > 54.8
    assert w < 14.1
    assert e > 24.2
    assert max(e - w, 2 * (n - s)) < 45, "framed on Poland, not the world"
    outlined = frame.locator("path.polity-poland").evaluate("el => el.getAttribute('stroke-width')")
    assert float(outlined) >= 3
    page.get_by_role("heading", name="Poland").wait_for(timeout=TIMEOUT)  # a name, not an id
    page.screenshot(path=str(artifacts_dir / "focus-poland-1930.png"))


def test_the_map_refits_when_its_frame_changes_size(server, page) -> None:
    frame = open_map(page, server.url + "?year=1956&region=eastern-europe")
    before = frame.evaluate("() => window.map.getZoom()")
    page.set_viewport_size({"width": 1900, "height": 1000})
    frame.wait_for_function(f"() => window.map.getZoom() !== {before}", timeout=TIMEOUT)
    assert_holds_eastern_europe(frame.evaluate(BOUNDS))
    wait_for_app_idle(page)
    assert "bounds=" not in page.url  # the map's own refit is not a pan by the user


def test_keyboard_reaches_a_shape_and_enter_opens_it(server, page, artifacts_dir: Path) -> None:
    frame = open_map(page, server.url + "?year=1956&region=eastern-europe")
    frame.evaluate("() => window.map.getContainer().focus()")
    page.keyboard.press("Tab")
    active = (
        "() => { const a = document.activeElement;"
        " return a && a.tagName === 'path' ? a.getAttribute('aria-label') : null; }"
    )
    first = frame.wait_for_function(active, timeout=TIMEOUT).json_value()
    assert first  # a shape took focus, with its tooltip as its accessible name
    page.keyboard.press("h")  # jumps to the next name starting with H: Hungary
    frame.wait_for_function(
        "() => (document.activeElement.getAttribute('aria-label') || '').startsWith('Hungary')",
        timeout=TIMEOUT,
    )
    ring = frame.evaluate("() => getComputedStyle(document.activeElement).strokeWidth")
    assert ring == "4px", "a visible focus ring"
    page.screenshot(path=str(artifacts_dir / "keyboard-focus-hungary.png"))
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('focus=hungary')", timeout=TIMEOUT)
    page.get_by_role("heading", name="Hungary").first.wait_for(timeout=TIMEOUT)


def test_the_map_in_words_for_screen_readers(server, page) -> None:
    frame = open_map(page, server.url + "?year=1985&region=africa")
    words = frame.locator("#hx-summary").text_content()
    assert "states and territories drawn" in words
    assert "arrows:" in words
    assert "deployed" in words
    described = frame.evaluate("() => window.map.getContainer().getAttribute('aria-describedby')")
    assert described == "hx-summary"
