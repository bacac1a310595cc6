"""The view in session state: seeded from the URL, changed by widgets and clicks, written back."""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from dashboard import state
from dashboard.records import bounds_around
from dashboard.state import StateContext, ViewState

# Session keys of this module (widget keys come from dashboard.state).
SS_HORIZON = "histatlas.horizon"
SS_CHANGE_YEARS = "histatlas.change_years"
W_MAP = "map"
W_SEARCH = "search"
W_DAY_MODE = "day_mode"


def _query_now() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if isinstance(v, str)}


def load_view(ctx: StateContext, change_years: list[int]) -> ViewState:
    """The view of this run: from the URL when it changed outside the app, else the widgets."""
    st.session_state[SS_HORIZON] = ctx.horizon
    st.session_state[SS_CHANGE_YEARS] = change_years
    query = _query_now()
    if st.session_state.get(state.SS_QUERY_SEEN) != query or state.SS_VIEW not in st.session_state:
        view, notices = state.parse_query(query, ctx)
        st.session_state[state.SS_NOTICES] = notices
        seed(view)
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
    """The stored view updated with what the widgets hold now."""
    view: ViewState = st.session_state[state.SS_VIEW]
    day = st.session_state.get(state.W_DATE) if st.session_state.get(W_DAY_MODE) else None
    year = day.year if isinstance(day, date) else int(st.session_state[state.W_YEAR])
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
    query = state.to_query(view, ctx)
    if _query_now() != query:
        st.query_params.from_dict(query)
    st.session_state[state.SS_QUERY_SEEN] = query


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


def on_map_click() -> None:
    """st_folium reports the clicked shape; its properties carry our id."""
    value = st.session_state.get(W_MAP) or {}
    drawing = value.get("last_active_drawing") if isinstance(value, dict) else None
    props = drawing.get("properties") if isinstance(drawing, dict) else None
    clicked = props.get("id") if isinstance(props, dict) else None
    if isinstance(clicked, str) and clicked:
        _update(focus=clicked)


def on_day_mode() -> None:
    """Exact-day mode starts on 1 July of the slider's year; leaving it clears the day."""
    if st.session_state.get(W_DAY_MODE):
        if not isinstance(st.session_state.get(state.W_DATE), date):
            st.session_state[state.W_DATE] = date(int(st.session_state[state.W_YEAR]), 7, 1)
    else:
        st.session_state[state.W_DATE] = None


def horizon_day(year: int, *, start: bool) -> date:
    return date(year, 1, 1) if start else date(year, 12, 31)
