"""Telling the map's own moves from the user's: which bounds reports are pans and zooms.

st_folium reports the map's bounds and zoom after every move, whoever made it. The app fits
the map to a region or to linked bounds; the reports that follow (the view the map opens
with, the fit's result, the frame settling into its size) must not go into the link, while a
pan or zoom by hand must. The map opens at the least zoom centred where Leaflet will centre
the fit (the middle of the asked bounds in Web Mercator, see ``mapview.base_map``); the fit
keeps that centre and zooms in. So while a fit waits for its result, a report centred there
at the opening zoom is the opening view, one centred there at another zoom is the fit, and
one whose centre has moved is a pan. Afterwards, reports close to the fit's result are the
frame settling; anything else is the user's.

Bounds are ``(south, west, north, east)`` in degrees. Pure functions, no Streamlit.
"""

from __future__ import annotations

import math
from enum import Enum

Bounds = tuple[float, float, float, float]

OPENING_ZOOM = 1  # the map's least zoom, which it opens at
# The centre of a fit's reports stays within this share of the asked bounds' size.
CENTRE_SHARE = 0.05
# The map zooms in quarter steps (mapview.base_map): a fit shows at most 2**0.25 = 1.19 times
# the asked size along its tighter axis; with the frame's margins, 1.25.
FIT_SNAP = 1.25
MERCATOR_LIMIT = 89.999  # Leaflet reports latitudes past 85.05 where the map shows beyond the world


class Report(Enum):
    OPENING = "opening"  # the map's own view before its fit shows (or a fit at that zoom)
    FITTED = "fitted"  # the fit's result
    SETTLING = "settling"  # close to the fit's result: the frame taking its size
    MOVED = "moved"  # a pan or zoom by hand


def mercator_y(lat: float) -> float:
    lat = max(-MERCATOR_LIMIT, min(MERCATOR_LIMIT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view_centre(bounds: Bounds) -> tuple[float, float]:
    """(lat, lon) that Leaflet puts in the middle of the map when fitting ``bounds``."""
    south, west, north, east = bounds
    middle = (mercator_y(south) + mercator_y(north)) / 2
    lat = math.degrees(2 * math.atan(math.exp(middle)) - math.pi / 2)
    return round(lat, 4), round((west + east) / 2, 4)


def _size(bounds: Bounds) -> tuple[float, float]:
    """Height (Mercator units) and width (degrees)."""
    return mercator_y(bounds[2]) - mercator_y(bounds[0]), bounds[3] - bounds[1]


def centred(seen: Bounds, wanted: Bounds, share: float = CENTRE_SHARE) -> bool:
    """``seen`` has the centre a fit to ``wanted`` has (a drag moves it)."""
    seen_mid = (mercator_y(seen[0]) + mercator_y(seen[2])) / 2, (seen[1] + seen[3]) / 2
    wanted_mid = (mercator_y(wanted[0]) + mercator_y(wanted[2])) / 2, (wanted[1] + wanted[3]) / 2
    height, width = _size(wanted)
    return (
        abs(seen_mid[0] - wanted_mid[0]) <= share * height
        and abs(seen_mid[1] - wanted_mid[1]) <= share * width
    )


def near(a: Bounds, b: Bounds, share: float = 0.08) -> bool:
    """Every edge of ``a`` within ``share`` of ``b``'s height or width of ``b``'s edge."""
    height, width = b[2] - b[0], b[3] - b[1]
    slack = (height, width, height, width)
    return all(abs(x - y) <= share * d for x, y, d in zip(a, b, slack, strict=True))


def fitted_to(seen: Bounds, wanted: Bounds, snap: float = FIT_SNAP) -> bool:
    """``seen`` is what fitting ``wanted`` to some frame shows: it holds ``wanted`` and is
    at most one zoom step (``snap``) bigger along one axis. The browser refits the asked
    bounds when the frame takes another size (static/histatlas-map.js); a zoom by hand
    shows less than asked, or at least two steps more along both axes."""
    height, width = _size(wanted)
    slack_h, slack_w = CENTRE_SHARE * height, CENTRE_SHARE * width
    holds = (
        mercator_y(seen[0]) <= mercator_y(wanted[0]) + slack_h
        and mercator_y(seen[2]) >= mercator_y(wanted[2]) - slack_h
        and seen[1] <= wanted[1] + slack_w
        and seen[3] >= wanted[3] - slack_w
    )
    seen_height, seen_width = _size(seen)
    tight = seen_height <= height * snap or seen_width <= width * snap
    return holds and tight


def classify(
    seen: Bounds,
    zoom: float | None,
    pending: Bounds | None,
    fitted: Bounds | None,
    wanted: Bounds | None = None,
) -> Report:
    """What a report of the map's bounds (``seen``, at ``zoom``) is, given the fit still
    waiting for its result (``pending``), or else the result of the last fit (``fitted``)
    of the bounds asked (``wanted``)."""
    if pending is not None:
        if not centred(seen, pending):
            return Report.MOVED
        return Report.OPENING if zoom == OPENING_ZOOM else Report.FITTED
    if fitted is not None and near(seen, fitted):
        return Report.SETTLING
    refitted = wanted is not None and centred(seen, wanted) and fitted_to(seen, wanted)
    if fitted is not None and refitted:
        return Report.SETTLING  # the same bounds refitted to a frame of another size
    return Report.MOVED
