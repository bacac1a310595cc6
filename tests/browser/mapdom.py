"""Reading the Leaflet map inside streamlit-folium's iframe, waiting on conditions only."""

from __future__ import annotations

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SHAPES = "path.leaflet-interactive"


def map_frame(page):
    return page.frame_locator(MAP_FRAME).first


def wait_for_shapes(page, minimum: int = 50, timeout: float = 60_000) -> int:
    """Wait until the map has drawn at least ``minimum`` vector shapes; return the count."""
    frame = map_frame(page)
    frame.locator(SHAPES).nth(minimum - 1).wait_for(state="attached", timeout=timeout)
    return frame.locator(SHAPES).count()


def fills(page) -> list[str]:
    """The fill colour of every drawn shape, in drawing order."""
    return (
        map_frame(page).locator(SHAPES).evaluate_all("els => els.map(e => e.getAttribute('fill'))")
    )


def wait_for_app_idle(page, timeout: float = 60_000) -> None:
    """Streamlit shows a 'running' status widget while a script run is in progress."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )
