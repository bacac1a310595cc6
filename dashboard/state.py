"""The view state and its URL form: parse any query string safely, write minimal links."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    pass

LAYERS = ("political", "alliances", "partitions", "deployments", "occupation", "events")
DEFAULT_LAYERS = LAYERS
BASEMAPS = ("none", "osm")  # "none" = offline vector basemap (default); "osm" = tiles, online only
DEFAULT_REGION = "world"
DEFAULT_BASEMAP = "none"

# Query-parameter names: public, documented in the README, stable across versions.
Q_YEAR = "year"
Q_DATE = "date"
Q_REGION = "region"
Q_BOUNDS = "bounds"
Q_LAYERS = "layers"
Q_FOCUS = "focus"
Q_EXCERPT = "excerpt"
Q_TOUR = "tour"
Q_SLIDE = "slide"
Q_BASEMAP = "basemap"
Q_PACK = "pack"
Q_PRESENT = "present"
QUERY_KEYS = (
    Q_YEAR,
    Q_DATE,
    Q_REGION,
    Q_BOUNDS,
    Q_LAYERS,
    Q_FOCUS,
    Q_EXCERPT,
    Q_TOUR,
    Q_SLIDE,
    Q_BASEMAP,
    Q_PACK,
    Q_PRESENT,
)
# Older or looser names that keep working; the canonical name wins when both are given.
ALIASES = {
    "y": Q_YEAR,
    "day": Q_DATE,
    "bbox": Q_BOUNDS,
    "layer": Q_LAYERS,
    "select": Q_FOCUS,
    "selected": Q_FOCUS,
    "record": Q_FOCUS,
    "polity": Q_FOCUS,
    "step": Q_SLIDE,
    "tiles": Q_BASEMAP,
    "presenter": Q_PRESENT,
}
LAYER_ALIASES = {
    "borders": "political",
    "states": "political",
    "alliance": "alliances",
    "organisations": "alliances",
    "partition": "partitions",
    "troops": "deployments",
    "deployment": "deployments",
    "occupations": "occupation",
    "event": "events",
}
NO_LAYERS = "none"  # `layers=none`: every layer switched off

# Session-state keys of the dashboard (one place, so widgets and sync code agree).
SS_VIEW = "histatlas.view"
SS_NOTICES = "histatlas.notices"
SS_QUERY_SEEN = "histatlas.query_seen"
SS_AUTOPLAY = "histatlas.autoplay"
SS_AUTOPLAY_SPEED = "histatlas.autoplay_speed"
W_YEAR = "year"
W_DATE = "date"
W_REGION = "region"
W_LAYERS = "layers"

MAX_RAW = 2_000  # longer values are refused before any parsing
SHOWN_RAW = 40  # a notice quotes at most this many characters of a rejected value
BOUNDS_DECIMALS = 4
_INT = re.compile(r"^[+-]?\d{1,9}$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class ViewState:
    """Everything that changes what is seen; equal states show equal views."""

    year: int
    day: date | None = None
    region: str = DEFAULT_REGION
    bounds: Bounds | None = None  # (south, west, north, east); overrides region
    layers: tuple[str, ...] = DEFAULT_LAYERS
    focus: str | None = None
    excerpt: str | None = None
    tour: str | None = None
    slide: int | None = None  # 1-based
    basemap: str = DEFAULT_BASEMAP
    pack: str | None = None
    present: bool = False


@dataclass(frozen=True)
class Notice:
    """A value that was rejected and what was used instead (plain text; escape to show)."""

    param: str
    message: str

    def __str__(self) -> str:
        return f"{self.param}: {self.message}"

    @property
    def markdown(self) -> str:
        """The notice escaped for st.markdown / st.warning (no HTML, no markdown syntax)."""
        return escape_markdown(str(self))


@dataclass(frozen=True)
class StateContext:
    """What valid values are, from the loaded pack and geodata."""

    horizon: tuple[int, int]
    default_year: int
    region_ids: frozenset[str]
    record_ids: frozenset[str]
    polity_ids: frozenset[str]
    excerpt_ids: frozenset[str]
    tours: Mapping[str, int]  # tour id -> slide count
    default_layers: tuple[str, ...] = DEFAULT_LAYERS
    packs: frozenset[str] = field(default_factory=frozenset)  # pack names this server offers
    default_pack: str | None = None  # its name is never written into a link
    # What each tour slide shows; a link `?tour=t&slide=n` opens it, other parameters adjust it.
    tour_views: Mapping[str, tuple[ViewState, ...]] = field(default_factory=dict)

    def default(self) -> ViewState:
        return ViewState(year=self.default_year, layers=self.default_layers)

    def clamp_year(self, year: int) -> int:
        return min(max(year, self.horizon[0]), self.horizon[1])


def shown(raw: str) -> str:
    """A rejected value as a notice may quote it: printable, at most SHOWN_RAW characters."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in raw)
    return clean if len(clean) <= SHOWN_RAW else clean[: SHOWN_RAW - 1] + "…"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:])")


def escape_markdown(text: str) -> str:
    """Text that st.markdown shows literally: HTML entities and markdown syntax escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;").replace("'", "&#39;").replace("$", "&#36;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


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


def _year(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    if not _INT.match(raw):
        out.append(Notice(Q_YEAR, f"'{shown(raw)}' is not a year; showing {view.year}"))
        return view
    year = int(raw)
    clamped = ctx.clamp_year(year)
    if clamped != year:
        start, end = ctx.horizon
        out.append(Notice(Q_YEAR, f"{shown(raw)} is outside {start}-{end}; showing {clamped}"))
    return replace(view, year=clamped, day=None)


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


def parse_bounds(raw: str) -> Bounds | None:
    """`s,w,n,e` in degrees (finite, south < north, west < east), rounded; None if invalid."""
    parts = raw.split(",")
    if len(parts) != 4 or any(len(p) > 24 for p in parts):
        return None
    try:
        south, west, north, east = (float(p) for p in parts)
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (south, west, north, east)):
        return None
    if not (-90 <= south < north <= 90 and -360 <= west < east <= 360):
        return None
    return round_bounds((south, west, north, east))


def round_bounds(bounds: Iterable[float]) -> Bounds:
    s, w, n, e = (round(float(v), BOUNDS_DECIMALS) + 0.0 for v in bounds)
    return (s, w, n, e)


def _bounds(view: ViewState, raw: str, ctx: StateContext, out: list[Notice]) -> ViewState:
    bounds = parse_bounds(raw)
    if raw == "":
        return replace(view, bounds=None)
    if bounds is None:
        if raw:
            out.append(Notice(Q_BOUNDS, f"'{shown(raw)}' is not south,west,north,east; ignored"))
        return view
    return replace(view, bounds=bounds)


def parse_layers(raw: str) -> tuple[tuple[str, ...], list[str]]:
    """(known layers in canonical order, rejected tokens)."""
    chosen: set[str] = set()
    rejected: list[str] = []
    for token in raw.split(","):
        name = token.strip().lower()
        if not name or name == NO_LAYERS:
            continue
        name = LAYER_ALIASES.get(name, name)
        if name in LAYERS:
            chosen.add(name)
        else:
            rejected.append(token)
    return tuple(layer for layer in LAYERS if layer in chosen), rejected


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
)


def to_query(view: ViewState, ctx: StateContext) -> dict[str, str]:
    """The minimal query for ``view``: what differs from the default view (or, in a tour,
    from the slide's view), canonical names in canonical order."""
    base = ctx.default()
    if view.tour and view.slide:
        views = ctx.tour_views.get(view.tour, ())
        base = views[view.slide - 1] if len(views) >= view.slide else base
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
    return query


def _fmt(value: float) -> str:
    text = f"{value:.{BOUNDS_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def query_string(query: Mapping[str, str]) -> str:
    """`?a=1&b=x,y` with commas kept readable (they are legal in a query)."""
    if not query:
        return ""
    return "?" + "&".join(f"{k}={quote(v, safe=',-.')}" for k, v in query.items())
