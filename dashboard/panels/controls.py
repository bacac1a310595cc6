"""The view in session state: seeded from the URL, changed by widgets and clicks, written back."""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from dashboard.map.fit import Report, classify
from dashboard.view import state, url
from dashboard.view.records import bounds_around
from dashboard.view.state import StateContext, ViewState

# Session keys of this module (widget keys come from dashboard.view.state).
SS_HORIZON = "histatlas.horizon"
SS_CHANGE_YEARS = "histatlas.change_years"
SS_WRITTEN = "histatlas.written"  # the queries this session wrote last, newest last
KEEP_WRITTEN = 16
# Map bounds: what the map was last fitted to, a fit whose result is still to come, the
# bounds a pan or zoom by hand left (those go to the URL, but the map is not refitted).
SS_FIT = "histatlas.fit"
SS_FIT_PENDING = "histatlas.fit_pending"
SS_MOVED = "histatlas.moved"
SS_MAP_VALUE = "histatlas.map_value"
SS_FITTED = "histatlas.fitted"  # what the map showed after its last fit
W_MAP = "map"
W_SEARCH = "search"
W_DAY_MODE = "day_mode"
W_PACK = "pack"


def _query_now() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if isinstance(v, str)}


def load_view(ctx: StateContext, change_years: list[int]) -> ViewState:
    """The view of this run: from the URL when it changed outside the app, else the widgets."""
    st.session_state[SS_HORIZON] = ctx.horizon
    st.session_state[SS_CHANGE_YEARS] = change_years
    query = _query_now()
    # A rerun request carries the address bar as it was when the browser sent it, which can
    # be older than the app's latest write: a query the app wrote itself is never re-read.
    written = st.session_state.get(SS_WRITTEN, [])
    changed = query != st.session_state.get(state.SS_QUERY_SEEN) and query not in written
    if changed or state.SS_VIEW not in st.session_state:
        view, notices = url.parse_query(query, ctx)
        st.session_state[state.SS_NOTICES] = notices
        seed(view)
        # Seen now, not only when the run ends: a slider moved while this first run is still
        # drawing interrupts it, and the next run must keep that move, not re-read the URL.
        st.session_state[state.SS_QUERY_SEEN] = query
    return widgets_view()


def seed(view: ViewState) -> None:
    """Put a view into session state and the widgets that show it."""
    st.session_state[state.SS_VIEW] = view
    st.session_state[state.W_YEAR] = view.year
    st.session_state[state.W_DATE] = view.day
    st.session_state[W_DAY_MODE] = view.day is not None
    st.session_state[state.W_REGION] = view.region
    st.session_state[state.W_LAYERS] = list(view.layers)


def widgets_view() -> ViewState:
    """The stored view updated with what the widgets hold now (a widget not drawn in the
    last run - the compare and review pages have no slider - keeps the stored value)."""
    view: ViewState = st.session_state[state.SS_VIEW]
    day = st.session_state.get(state.W_DATE) if st.session_state.get(W_DAY_MODE) else None
    year = day.year if isinstance(day, date) else int(st.session_state.get(state.W_YEAR, view.year))
    layers = tuple(x for x in state.LAYERS if x in set(st.session_state.get(state.W_LAYERS, [])))
    view = replace(
        view,
        year=year,
        day=day if isinstance(day, date) else None,
        region=st.session_state.get(state.W_REGION, view.region),
        layers=layers,
    )
    st.session_state[state.SS_VIEW] = view
    return view


def write_url(view: ViewState, ctx: StateContext) -> None:
    """The URL says the view (minimal query); remembered so our own write is not re-read."""
    query = url.to_query(view, ctx)
    if _query_now() != query:
        st.query_params.from_dict(query)
    st.session_state[state.SS_QUERY_SEEN] = query
    written = [q for q in st.session_state.get(SS_WRITTEN, []) if q != query]
    st.session_state[SS_WRITTEN] = [*written[-(KEEP_WRITTEN - 1) :], query]


def on_pack() -> None:
    """Another pack: its default view, from a fresh URL."""
    st.query_params.from_dict({state.Q_PACK: st.session_state[W_PACK]})
    forget_written()


def forget_written() -> None:
    """After a jump that writes the URL itself (presenter mode): the next run reads it."""
    st.session_state[SS_WRITTEN] = []
    st.session_state[state.SS_QUERY_SEEN] = None


def _update(**changes: Any) -> None:
    st.session_state[state.SS_VIEW] = replace(st.session_state[state.SS_VIEW], **changes)


def _set_year(year: int) -> None:
    first, last = st.session_state[SS_HORIZON]
    st.session_state[state.W_YEAR] = min(max(year, first), last)
    st.session_state[W_DAY_MODE] = False
    st.session_state[state.W_DATE] = None


def step_year(delta: int) -> None:
    _set_year(int(st.session_state[state.W_YEAR]) + delta)


def step_change(direction: int) -> None:
    """To the next (or previous) year in which anything on the map begins or ends."""
    years: list[int] = st.session_state.get(SS_CHANGE_YEARS, [])
    year = int(st.session_state[state.W_YEAR])
    if direction > 0:
        index = bisect.bisect_right(years, year)
        target = years[index] if index < len(years) else year
    else:
        index = bisect.bisect_left(years, year) - 1
        target = years[index] if index >= 0 else year
    _set_year(target)


def on_slider() -> None:
    st.session_state[W_DAY_MODE] = False
    st.session_state[state.W_DATE] = None


def on_day() -> None:
    day = st.session_state.get(state.W_DATE)
    st.session_state[W_DAY_MODE] = isinstance(day, date)
    if isinstance(day, date):
        st.session_state[state.W_YEAR] = day.year


def on_region() -> None:
    _update(bounds=None)


def focus(record_or_polity: str | None) -> None:
    _update(focus=record_or_polity)


def open_excerpt(excerpt_id: str, day: date | None, point: tuple[float, float] | None) -> None:
    """Show an excerpt's records and jump the map to where and when it first shows one."""
    _update(excerpt=excerpt_id, focus=None)
    if day is not None:
        _set_year(day.year)
    if point is not None:
        _update(bounds=bounds_around(point))


def close_excerpt() -> None:
    _update(excerpt=None)


def map_fit(view: ViewState, region_bounds: state.Bounds) -> state.Bounds:
    """The bounds to fit the map to. Bounds left by a pan or zoom by hand keep the map's last
    fit (refitting would move the map the user just placed); anything else is fitted."""
    moved = st.session_state.get(SS_MOVED)
    fit = st.session_state.get(SS_FIT)
    if view.bounds is not None and view.bounds == moved and fit is not None:
        return fit  # type: ignore[no-any-return]
    wanted = view.bounds or region_bounds
    if wanted != fit:
        st.session_state[SS_FIT] = wanted
        st.session_state[SS_FIT_PENDING] = wanted
        st.session_state[SS_MOVED] = None
    return wanted


def on_map_change() -> None:
    """st_folium reports a click (the shape's properties carry our id) or new bounds."""
    value = st.session_state.get(W_MAP)
    value = value if isinstance(value, dict) else {}
    previous = st.session_state.get(SS_MAP_VALUE) or {}
    st.session_state[SS_MAP_VALUE] = value
    drawing = value.get("last_active_drawing")
    if drawing != previous.get("last_active_drawing"):
        props = drawing.get("properties") if isinstance(drawing, dict) else None
        props = props if isinstance(props, dict) else {}
        clicked = props.get("id")
        if props.get("kind") == "year":
            _browser_year(props.get("year"))
        elif isinstance(clicked, str) and clicked:
            _update(focus=clicked)
    if value.get("bounds") != previous.get("bounds"):
        _moved(reported_bounds(value.get("bounds")), value.get("zoom"))


def _browser_year(year: object) -> None:
    """The map's own time control stepped to ``year`` (drawn already in the browser): the
    slider, the URL and the panels follow. Anything but a year in the horizon is ignored."""
    if isinstance(year, int) and not isinstance(year, bool):
        first, last = st.session_state[SS_HORIZON]
        if first <= year <= last:
            _set_year(year)


def reported_bounds(raw: object) -> state.Bounds | None:
    """Leaflet's ``{_southWest: {lat, lng}, _northEast: {lat, lng}}`` as (s, w, n, e)."""
    try:
        sw, ne = raw["_southWest"], raw["_northEast"]  # type: ignore[index]
        south, north = (min(max(float(c["lat"]), -90.0), 90.0) for c in (sw, ne))
        west, east = (min(max(float(c["lng"]), -360.0), 360.0) for c in (sw, ne))
    except (KeyError, TypeError, ValueError):
        return None
    return state.parse_bounds(",".join(repr(v) for v in (south, west, north, east)))


def _moved(bounds: state.Bounds | None, zoom: object) -> None:
    """A bounds report from the map: the map's own moves around a fit are ignored (see
    ``dashboard.map.fit``); the user's pans and zooms go into the URL."""
    if bounds is None:
        return
    zoom = zoom if isinstance(zoom, int | float) else None
    pending = st.session_state.get(SS_FIT_PENDING)
    fitted, wanted = st.session_state.get(SS_FITTED), st.session_state.get(SS_FIT)
    kind = classify(bounds, zoom, pending, fitted, wanted)
    if kind is Report.OPENING:
        st.session_state[SS_FITTED] = bounds  # the fit's result when it fits at that zoom
    elif kind is Report.FITTED:
        st.session_state[SS_FIT_PENDING] = None
        st.session_state[SS_FITTED] = bounds
    elif kind is Report.MOVED:
        st.session_state[SS_FIT_PENDING] = None
        st.session_state[SS_FITTED] = None
        st.session_state[SS_MOVED] = bounds
        _update(bounds=bounds)


def on_day_mode() -> None:
    """Exact-day mode starts on 1 July of the slider's year; leaving it clears the day."""
    if st.session_state.get(W_DAY_MODE):
        if not isinstance(st.session_state.get(state.W_DATE), date):
            st.session_state[state.W_DATE] = date(int(st.session_state[state.W_YEAR]), 7, 1)
    else:
        st.session_state[state.W_DATE] = None


def horizon_day(year: int, *, start: bool) -> date:
    return date(year, 1, 1) if start else date(year, 12, 31)
