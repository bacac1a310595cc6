"""A view as a URL query string and back: parse any query safely, write minimal links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import parse_qs, quote

from dashboard.view.state import (
    ALIASES,
    BASEMAPS,
    BOUNDS_DECIMALS,
    DEFAULT_BASEMAP,
    DEFAULT_REGION,
    EMBED_MAP,
    MAX_RAW,
    NO_LAYERS,
    Q_BASEMAP,
    Q_BOUNDS,
    Q_COMPARE,
    Q_DATE,
    Q_EMBED,
    Q_EXCERPT,
    Q_FOCUS,
    Q_LAYERS,
    Q_PACK,
    Q_PRESENT,
    Q_REGION,
    Q_SLIDE,
    Q_TOUR,
    Q_YEAR,
    QUERY_KEYS,
    Notice,
    StateContext,
    ViewState,
    parse_bounds,
    parse_layers,
    round_bounds,
    shown,
)

_INT = re.compile(r"^[+-]?\d{1,9}$")


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


_TRUE = {"1", "true", "yes", "on"}


_FALSE = {"0", "false", "no", "off", ""}


def _last(value: str | list[str] | tuple[str, ...]) -> str | None:
    if isinstance(value, str):
        return value
    items = [v for v in value if isinstance(v, str)]
    return items[-1] if items else None


def canonical_params(params: Mapping[str, object]) -> tuple[dict[str, str], list[Notice]]:
    """Known parameters by canonical name (aliases resolved, last value wins, size capped)."""
    found: dict[str, str] = {}
    notices: list[Notice] = []
    ordered = sorted(params.items(), key=lambda kv: str(kv[0]) in QUERY_KEYS)  # canonical last
    for key, value in ordered:
        name = str(key).strip().lower()
        name = ALIASES.get(name, name)
        if name not in QUERY_KEYS:
            continue  # unknown parameters are ignored, by contract
        raw = _last(value) if isinstance(value, str | list | tuple) else None
        if raw is None:
            continue
        if len(raw) > MAX_RAW:
            notices.append(Notice(name, f"value too long ({len(raw)} characters); ignored"))
            continue
        found[name] = raw.strip()
    return found, notices


def parse_query(
    params: Mapping[str, str | list[str]], ctx: StateContext
) -> tuple[ViewState, list[Notice]]:
    """The view a query string asks for; every bad value falls back with a Notice.

    A tour slide (`tour` + `slide`) is the starting point when given; every other
    parameter then adjusts that slide's view, as it would adjust the default view.
    """
    raw, notices = canonical_params(params)
    view = _tour_base(raw, ctx, notices)
    for name, parser in _PARSERS:
        if name in raw:
            view = parser(view, raw[name], ctx, notices)
    if view.day and Q_YEAR in raw and Q_DATE in raw and raw[Q_YEAR] != str(view.day.year):
        notices.append(Notice(Q_YEAR, f"the date {view.day.isoformat()} decides the year"))
    return view, notices


def _tour_base(raw: Mapping[str, str], ctx: StateContext, out: list[Notice]) -> ViewState:
    """The view of the requested tour slide, or the default view."""
    tour = raw.get(Q_TOUR)
    slide_raw = raw.get(Q_SLIDE)
    if tour is None or tour == "":
        if slide_raw is not None:
            out.append(Notice(Q_SLIDE, "a slide number needs a tour; ignored"))
        return ctx.default()
    if tour not in ctx.tours:
        out.append(Notice(Q_TOUR, f"unknown tour '{shown(tour)}'; ignored"))
        return ctx.default()
    count = ctx.tours[tour]
    slide = 1
    if slide_raw is not None:
        if not _INT.match(slide_raw) or not 1 <= int(slide_raw) <= count:
            out.append(
                Notice(
                    Q_SLIDE,
                    f"'{shown(slide_raw)}' is not a slide of {tour} (1-{count}); showing slide 1",
                )
            )
        else:
            slide = int(slide_raw)
    views = ctx.tour_views.get(tour, ())
    base = views[slide - 1] if len(views) >= slide else ctx.default()
    return replace(base, tour=tour, slide=slide)


def _year_in_horizon(
    param: str, raw: str, ctx: StateContext, out: list[Notice], instead: str, using: str
) -> int | None:
    """``raw`` as a year of the pack's horizon (clamped, with a notice), or None."""
    if not _INT.match(raw):
        out.append(Notice(param, f"'{shown(raw)}' is not a year; {instead}"))
        return None
    year = int(raw)
    clamped = ctx.clamp_year(year)
    if clamped != year:
        start, end = ctx.horizon
        out.append(Notice(param, f"{shown(raw)} is outside {start}-{end}; {using} {clamped}"))
    return clamped


def _year(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    year = _year_in_horizon(Q_YEAR, raw, ctx, out, f"showing {view.year}", "showing")
    return view if year is None else replace(view, year=year, day=None)


def _date(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    match = _ISO_DAY.match(raw)
    day = None
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            day = None
    if day is None:
        out.append(Notice(Q_DATE, f"'{shown(raw)}' is not a date like 1968-08-21; ignored"))
        return view
    start, end = ctx.horizon
    if not start <= day.year <= end:
        year = ctx.clamp_year(day.year)
        out.append(Notice(Q_DATE, f"{day.isoformat()} is outside {start}-{end}; showing {year}"))
        return replace(view, year=year, day=None)
    return replace(view, year=day.year, day=day)


def _member(
    param: str, attr: str, valid: Callable[[StateContext], Iterable[str]], what: str
) -> Callable[[ViewState, str, StateContext, list[Notice]], ViewState]:
    def parse(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
        change: dict[str, Any]
        if raw in set(valid(ctx)):
            change = {attr: raw}
            return replace(view, **change)
        if raw == "":  # `focus=` clears what a tour slide would focus; `region=` is world
            change = {attr: DEFAULT_REGION if attr == "region" else None}
            return replace(view, **change)
        out.append(Notice(param, f"unknown {what} '{shown(raw)}'; ignored"))
        return view

    return parse


def _bounds(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    bounds = parse_bounds(raw)
    if raw == "":
        return replace(view, bounds=None)
    if bounds is None:
        if raw:
            out.append(Notice(Q_BOUNDS, f"'{shown(raw)}' is not south,west,north,east; ignored"))
        return view
    return replace(view, bounds=bounds)


def _layers(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    layers, rejected = parse_layers(raw)
    if rejected:
        names = ", ".join(shown(r) for r in rejected[:3])
        more = f" and {len(rejected) - 3} more" if len(rejected) > 3 else ""
        out.append(Notice(Q_LAYERS, f"unknown layer(s) {names}{more}; ignored"))
        if not layers:
            return view
    return replace(view, layers=layers)


def _basemap(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    if raw.lower() in BASEMAPS:
        return replace(view, basemap=raw.lower())
    out.append(Notice(Q_BASEMAP, f"unknown basemap '{shown(raw)}'; showing none (offline)"))
    return view


def _compare(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    year = _year_in_horizon(Q_COMPARE, raw, ctx, out, "no comparison", "comparing")
    return view if year is None else replace(view, compare=year)


def _present(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    if raw.lower() in _TRUE | _FALSE:
        return replace(view, present=raw.lower() in _TRUE)
    out.append(Notice(Q_PRESENT, f"'{shown(raw)}' is not 1 or 0; presenter mode off"))
    return view


_PARSERS: tuple[tuple[str, Callable[[ViewState, str, StateContext, list[Notice]], ViewState]], ...]


_PARSERS = (
    (Q_YEAR, _year),
    (Q_DATE, _date),
    (Q_REGION, _member(Q_REGION, "region", lambda c: c.region_ids, "region")),
    (Q_BOUNDS, _bounds),
    (Q_LAYERS, _layers),
    (Q_FOCUS, _member(Q_FOCUS, "focus", lambda c: c.record_ids | c.polity_ids, "record or polity")),
    (Q_EXCERPT, _member(Q_EXCERPT, "excerpt", lambda c: c.excerpt_ids, "excerpt")),
    (Q_BASEMAP, _basemap),
    (Q_PACK, _member(Q_PACK, "pack", lambda c: c.packs, "pack (not on this server)")),
    (Q_PRESENT, _present),
    (Q_COMPARE, _compare),
)


def base_view(view: ViewState, ctx: StateContext) -> ViewState:
    """The view a link leaves out: the default view, or the tour slide's."""
    if view.tour and view.slide:
        views = ctx.tour_views.get(view.tour, ())
        if len(views) >= view.slide:
            return views[view.slide - 1]
    return ctx.default()


def to_query(view: ViewState, ctx: StateContext) -> dict[str, str]:
    """The minimal query for ``view``: what differs from the default view (or, in a tour,
    from the slide's view), canonical names in canonical order."""
    base = base_view(view, ctx)
    query: dict[str, str] = {}
    if (view.day, view.year) != (base.day, base.year):
        query.update({Q_DATE: view.day.isoformat()} if view.day else {Q_YEAR: str(view.year)})
    if view.region != base.region:
        query[Q_REGION] = view.region
    if view.bounds != base.bounds:
        bounds = round_bounds(view.bounds) if view.bounds else None
        query[Q_BOUNDS] = ",".join(_fmt(v) for v in bounds) if bounds else ""
    if tuple(view.layers) != tuple(base.layers):
        query[Q_LAYERS] = ",".join(view.layers) if view.layers else NO_LAYERS
    for key, value, was in (
        (Q_FOCUS, view.focus, base.focus),
        (Q_EXCERPT, view.excerpt, base.excerpt),
    ):
        if value != was:
            query[key] = value or ""
    if view.tour:
        query[Q_TOUR] = view.tour
        query[Q_SLIDE] = str(view.slide or 1)  # the slide number is always in a tour link
    if view.basemap != DEFAULT_BASEMAP:
        query[Q_BASEMAP] = view.basemap
    if view.pack and view.pack != ctx.default_pack:
        query[Q_PACK] = view.pack
    if view.present:
        query[Q_PRESENT] = "1"
    if view.compare is not None:
        query[Q_COMPARE] = str(view.compare)
    return query


def wants_embed(query_string: str) -> bool:
    """``embed=map`` in the address: the map alone, for an <iframe>.

    Streamlit keeps ``embed`` out of st.query_params (``embed=true`` is its own embed mode)
    but leaves it in the address when the app rewrites the query, so it is read from the raw
    query string and never written by ``to_query``.
    """
    values = parse_qs(query_string, keep_blank_values=True).get(Q_EMBED, [])
    return bool(values) and values[-1].strip().lower() == EMBED_MAP


def _fmt(value: float) -> str:
    text = f"{value:.{BOUNDS_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def query_string(query: Mapping[str, str]) -> str:
    """`?a=1&b=x,y` with commas kept readable (they are legal in a query)."""
    if not query:
        return ""
    return "?" + "&".join(f"{k}={quote(v, safe=',-.')}" for k, v in query.items())
