"""The view state: what a person can set, its URL keys, defaults and the valid values of a pack."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

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
Q_EMBED = "embed"
Q_COMPARE = "compare"  # a second year shown beside ``year``
EMBED_MAP = "map"  # `embed=map`: the map alone, for an <iframe> (`embed=true` is Streamlit's)
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
    Q_EMBED,  # read from the raw query: see url.wants_embed
    Q_COMPARE,
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
    compare: int | None = None  # a year shown beside this one, with what changed between


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
    # Named entities: a numeric one's "#" would be escaped below and show as "&#39;".
    text = text.replace('"', "&quot;").replace("'", "&apos;").replace("$", "&dollar;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


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
