"""Cached access to the pack, the shapes and each view's layers: the only cache of the app."""

from __future__ import annotations

import logging
import math
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.map.layers import LayerInput, MapLayers, build_layers
from dashboard.map.legend import legend_entries, legend_html
from dashboard.map.shapes import ShapeSet, publish, publish_files, shape_set
from dashboard.map.styles import PolityRow
from dashboard.map.words import map_words
from dashboard.settings import BORDERS_ENV, PACK_ENV
from dashboard.view.records import in_region, places_of
from dashboard.view.texts import day_text, interval_text
from events.dates import Interval
from events.model import Event, Pack, Relationship
from events.pack import DEFAULT_PACK_DIR, load_pack
from events.partitions import builtin_land, lost_lands, shares
from events.polityref import PolityIndex
from events.timeslice import Slice, as_of, in_year
from geodata.geometry import MapFeature, map_features, period_key
from geodata.polities import load_gazetteer

# Shapes for a world view: 0.05 deg keeps borders readable at zoom 2-5 and cuts the
# payload several times over against full 1:50m resolution.
WORLD_TOLERANCE = 0.05
BUILTIN_PACKS = DEFAULT_PACK_DIR.parent


def offered_packs() -> dict[str, Path | None]:
    """The packs this server offers, by the name links use (``?pack=``), the default first:
    every ``serve --pack`` in the order given, then the built-in packs (the built-in default
    as None, which is how the loader and the caches know it)."""
    found: dict[str, Path | None] = {}
    for raw in filter(None, os.environ.get(PACK_ENV, "").split(os.pathsep)):
        path = Path(raw)
        found[_pack_name(path, found)] = path
    for path in sorted(BUILTIN_PACKS.iterdir()):
        if (path / "manifest.yaml").is_file() and path not in found.values():
            found[_pack_name(path, found)] = None if path == DEFAULT_PACK_DIR else path
    return found


def _pack_name(path: Path, taken: dict[str, Path | None]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-") or "pack"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def pack_dir(name: str | None = None) -> Path | None:
    """The directory of the offered pack ``name`` (the default pack when not offered)."""
    packs = offered_packs()
    return packs[name] if name in packs else next(iter(packs.values()))


def borders() -> str:
    return os.environ.get(BORDERS_ENV, "builtin")


@st.cache_resource(show_spinner="Loading the pack's sources and records...")
def pack(path: Path | None) -> Pack:
    """The loaded pack; raises events.pack.PackError (shown by the app) when invalid."""
    return load_pack(path)


@st.cache_resource(show_spinner=False)
def polity_index(path: Path | None) -> PolityIndex:
    """Names and representative points of gazetteer and pack polities."""
    return PolityIndex(pack(path).polities)


@st.cache_resource(show_spinner="Drawing the borders of this date...", max_entries=8)
def _features_for_period(key: tuple[object, float, str], _day: date) -> tuple[MapFeature, ...]:
    # Only ``key`` is hashed: every day of one period hits the same cache entry. Kept only
    # until the period's shapes and rows below are made (each cached on its own).
    _, tolerance, source = key
    return tuple(map_features(_day, tolerance=tolerance, borders=source))


# Only keys and a bundle name are kept per period (the browser fetches the files): every
# period of the gazetteer fits, so a class roaming 1772-1991 never makes one twice.
@st.cache_resource(show_spinner="Preparing the map's shapes...", max_entries=512)
def _shapes_for_period(key: tuple[object, float, str], _day: date) -> ShapeSet:
    features = _features_for_period(key, _day)
    published = publish(shape_set((f.id, f.geometry) for f in features))
    # The browser fetches the files; keeping the geometries too would cost ~7 MB a period.
    return ShapeSet(published.keys, {}, published.bundle)


def shapes_on(day: date, tolerance: float = WORLD_TOLERANCE) -> ShapeSet:
    """The day's shapes, written once per period as static files the browser caches."""
    return _shapes_for_period((period_key(day), tolerance, borders()), day)


def _period_text(polity_id: str, day: date) -> str:
    gazetteer = load_gazetteer()
    state = gazetteer.state_of(polity_id, day) if polity_id in gazetteer.ids() else None
    if state is None:
        return ""
    return interval_text(Interval(state.start, state.end, state.date_precision != "day", False))


def _short_name(polity_id: str) -> str:
    gazetteer = load_gazetteer()
    return gazetteer.get(polity_id).name if polity_id in gazetteer.ids() else ""


@st.cache_data(show_spinner=False, max_entries=256)
def _rows_for_period(key: tuple[object, float, str], _day: date) -> tuple[PolityRow, ...]:
    return tuple(
        PolityRow(
            id=f.id,
            name=f.name,
            status=f.status,
            owner=f.owner or None,
            precision=f.precision,
            period=_period_text(f.id, _day),
            short=_short_name(f.id),
        )
        for f in _features_for_period(key, _day)
    )


def polity_rows_on(day: date, tolerance: float = WORLD_TOLERANCE) -> tuple[PolityRow, ...]:
    return _rows_for_period((period_key(day), tolerance, borders()), day)


@dataclass(frozen=True)
class TimeChoice:
    """What the time controls chose: a year (anything during it) or one exact day."""

    year: int
    day: date | None = None

    @property
    def border_day(self) -> date:
        """Borders of an exact day, or of 1 July for a year (said in the map title)."""
        return self.day or date(self.year, 7, 1)

    @property
    def title(self) -> str:
        if self.day is not None:
            return f"{day_text(self.day)}: borders, alliances and deployments of that day"
        return (
            f"{self.year}: borders as on 1 July {self.year}; alliances, deployments and "
            f"events at any time during {self.year}"
        )


def time_slice(path: Path | None, choice: TimeChoice) -> Slice:
    the_pack = pack(path)
    return as_of(the_pack, choice.day) if choice.day else in_year(the_pack, choice.year)


@st.cache_resource(show_spinner=False, max_entries=512)
def view_layers(
    path: Path | None, choice: TimeChoice, layers: tuple[str, ...], focus: str | None = None
) -> tuple[MapLayers, str]:
    """The layers and legend HTML of one view (cached: a step back costs nothing)."""
    the_pack = pack(path)
    index = polity_index(path)
    inp = LayerInput(
        pack=the_pack,
        slice=time_slice(path, choice),
        polities=polity_rows_on(choice.border_day),
        layers=frozenset(layers),
        border_day=choice.border_day,
        locate=index.point,
        name_of=namer(path),
        focus=focus if focus in the_pack.organisations_by_id else None,
        outline=focus_polities(the_pack, focus),
        **(partition_land(path, choice.border_day) if "partitions" in layers else {}),
    )
    built = build_layers(inp)
    publish_files(built.areas.geometries)  # fetched by the browser like the polities' shapes
    entries = legend_entries(built, the_pack, frozenset(layers), namer(path))
    return replace(built, words=map_words(built, entries)), legend_html(entries)


def partition_land(path: Path | None, day: date) -> dict[str, Any]:
    """The shares of the countries partitioned on ``day`` and their lost land, drawn from
    the built-in gazetteer at the map's tolerance (events.partitions)."""
    land = builtin_land(WORLD_TOLERANCE)
    the_pack = pack(path)
    return {
        "shares": tuple(shares(the_pack, day, land)),
        "lost": tuple(lost_lands(the_pack, day, land)),
    }


def focus_polities(pack: Pack, focus: str | None) -> frozenset[str]:
    """The polities to outline for a focus: the polity itself, or a record's states."""
    if not focus:
        return frozenset()
    record = pack.records_by_id.get(focus)
    if record is None:
        return frozenset({focus}) if focus not in pack.organisations_by_id else frozenset()
    if isinstance(record, Relationship):
        return frozenset({record.subject, record.object})
    places = record.places if isinstance(record, Event) else [record.seat]
    return frozenset(p.polity for p in places if p.polity)


FOCUS_MARGIN = 0.35  # of the focus's size, on each side
FOCUS_MIN = (7.0, 10.0)  # degrees of latitude and longitude a framed focus spans at least
FOCUS_GRID = 2.0


@st.cache_data(show_spinner=False, max_entries=256)
def focus_bounds(path: Path | None, focus: str | None, day: date) -> tuple[float, ...] | None:
    """Bounds that frame the focused polity, or the states and places of the focused
    record, on ``day`` (with a margin); None when it has nothing on the map then."""
    the_pack = pack(path)
    wanted = focus_polities(the_pack, focus)
    key = (period_key(day), WORLD_TOLERANCE, borders())
    boxes = [f.geometry.bounds for f in _features_for_period(key, day) if f.id in wanted]
    record = the_pack.records_by_id.get(focus or "")
    if record is not None:
        boxes += [(lon, lat, lon, lat) for lat, lon in places_of(record, polity_index(path).point)]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_lat = max((north - south) * FOCUS_MARGIN, (FOCUS_MIN[0] - (north - south)) / 2)
    pad_lon = max((east - west) * FOCUS_MARGIN, (FOCUS_MIN[1] - (east - west)) / 2)
    # Outwards to whole FOCUS_GRID degrees: a border moved a little from one year to the
    # next does not refit (and redraw) the map.
    grid = FOCUS_GRID
    return (
        max(math.floor((south - pad_lat) / grid) * grid, -84.0),
        max(math.floor((west - pad_lon) / grid) * grid, -180.0),
        min(math.ceil((north + pad_lat) / grid) * grid, 84.0),
        min(math.ceil((east + pad_lon) / grid) * grid, 180.0),
    )


@st.cache_resource(show_spinner="Placing the pack's records on the map...")
def record_points(path: Path | None) -> dict[str, list[tuple[float, float]]]:
    """Where each record of the pack is shown on the map (for region filters)."""
    index = polity_index(path)
    return {rid: places_of(record, index.point) for rid, record in pack(path).records_by_id.items()}


def records_in_region(path: Path | None, region: str) -> set[str]:
    points = record_points(path)
    return {rid for rid, found in points.items() if in_region(found, region)}


@st.cache_resource(show_spinner=False)
def namer(path: Path | None) -> Names:
    return Names(pack(path), polity_index(path))


class Names:
    """Readable names for polity and organisation ids (the id itself when unknown)."""

    def __init__(self, the_pack: Pack, index: PolityIndex) -> None:
        self.organisations = {o.id: o.name for o in the_pack.organisations}
        self.index = index

    def __call__(self, some_id: str) -> str:
        return self.organisations.get(some_id) or self.index.name(some_id)


# Streamlit's logger for "missing ScriptRunContext": cached functions called outside a
# script run (the warm-up, the prefetch thread) log there.
NO_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
_PREFETCH_THREAD = "histatlas-prefetch"
_PREFETCH = ThreadPoolExecutor(max_workers=1, thread_name_prefix=_PREFETCH_THREAD)


class _OutsideARun(logging.Filter):
    """Cached functions with a spinner warn that a background thread has no script run to
    show it in; for the prefetch thread that is expected, so its warnings are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.threadName.startswith(_PREFETCH_THREAD)


logging.getLogger(NO_CONTEXT_LOGGER).addFilter(_OutsideARun())
_PREFETCHED: set[object] = set()


def prefetch_pool() -> ThreadPoolExecutor:
    """The one background worker: neighbouring years' shapes, decade files (dashboard.decades)."""
    return _PREFETCH


def prefetch_years(years: list[int]) -> None:
    """Compute the shapes of the years next to the current one in the background, so the
    next slider step finds them cached (a new border period costs about a second)."""
    for year in years:
        day = date(year, 7, 1)
        key = (period_key(day), WORLD_TOLERANCE, borders())
        if key in _PREFETCHED:
            continue
        _PREFETCHED.add(key)
        _PREFETCH.submit(_warm, day)


def _warm(day: date) -> None:
    try:
        shapes_on(day)
        polity_rows_on(day)
    except Exception:  # a failed warm-up only means the step computes it itself
        _PREFETCHED.discard((period_key(day), WORLD_TOLERANCE, borders()))
