"""Reading the dashboard in the browser: polity fills, the slider, the map's bounds."""

from __future__ import annotations

from tests.browser.mapdom import MAP_FRAME

TIMEOUT = 60_000


def map_frame_handle(page):
    """The Frame (not a locator) of the map, for evaluating scripts inside it."""
    page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=TIMEOUT)
    return page.locator(MAP_FRAME).first.element_handle().content_frame()


def wait_for_fill(page, polity_id: str, colours: list[str], present: bool = True) -> str:
    """Wait until the polity is drawn with (or, present=False, without) one of ``colours``."""
    handle = page.wait_for_function(
        """([id, colours, present]) => {
            const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const doc = frame && frame.contentDocument;
            const path = doc && doc.querySelector('path.polity-' + id);
            if (!path) return false;
            const fill = (path.getAttribute('fill') || '').toUpperCase();
            return colours.includes(fill) === present ? fill : false;
        }""",
        arg=[polity_id, [c.upper() for c in colours], present],
        timeout=TIMEOUT,
    )
    return str(handle.json_value())


def slider_value(page) -> int:
    return int(page.get_by_role("slider").first.input_value())


def wait_for_slider(page, year: int) -> None:
    page.wait_for_function(
        """(year) => {
            const s = document.querySelector('input[type="range"][aria-label="Year"]');
            return s && Number(s.value) === year;
        }""",
        arg=year,
        timeout=TIMEOUT,
    )


def map_bounds(page) -> list[float]:
    """(south, west, north, east) the Leaflet map shows now."""
    frame = map_frame_handle(page)
    frame.wait_for_function("() => window.map && window.map.getBounds", timeout=TIMEOUT)
    return frame.evaluate(
        "() => { const b = window.map.getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"
    )


def shows(seen: tuple[float, ...], wanted: tuple[float, ...], tolerance: float = 1.0) -> bool:
    """The map shows all of ``wanted`` (south, west, north, east) and not much more."""
    south, west, north, east = seen
    s, w, n, e = wanted
    inside = south <= s + tolerance and west <= w + tolerance
    inside = inside and north >= n - tolerance and east >= e - tolerance
    return inside and (north - south) < 3 * (n - s)


def wait_for_decades(page, years: list[int], step) -> None:
    """Until the map holds the year frames of the decades of ``years`` (made in the
    background on a first visit, named to the map by the server's next update): ``step``
    (a slider press and back) makes that update while they are missing."""
    frame = map_frame_handle(page)
    decades = sorted({str(y - y % 10) for y in years})
    for _ in range(30):
        held = frame.evaluate(
            "(ds) => { const t = window.histatlas.time;"
            " return !!t && ds.every(d => d in t.frames.files); }",
            decades,
        )
        if held:
            return
        step()
    raise AssertionError(f"the frames of {decades} never reached the map")
