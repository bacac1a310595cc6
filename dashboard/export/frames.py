"""What an export shows: the frames of a view or a tour as plain data (shapes, cards, legend)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.map import colours
from dashboard.map.assets import LEAFLET_VERSION
from dashboard.map.layers import LayerInput, MapLayers, build_layers
from dashboard.map.shapes import rounded_geometry
from dashboard.map.spots import spots
from dashboard.map.styles import PolityRow
from dashboard.view.context import slide_view
from dashboard.view.state import LAYERS, ViewState
from events.model import Event, Organisation, Pack, Relationship
from events.polityref import PolityIndex
from events.timeslice import Slice, as_of, in_year

NATURAL_EARTH = (
    "Country shapes: Natural Earth 1:50m admin-0 countries 4.1.0 (public domain, "
    '"Made with Natural Earth", naturalearthdata.com), via world-atlas 2.0.2 (ISC licence); '
    "historical borders: histatlas gazetteer (MIT)."
)
CSHAPES = (
    "Borders 1886-2019: CShapes 2.0 (Schvitz, Girardin, Ruegger, Weidmann, Cederman, "
    "Gleditsch 2022, Journal of Conflict Resolution 66(1):144-161), licence CC BY-NC-SA 4.0."
)
LEAFLET = f"Map library: Leaflet {LEAFLET_VERSION} (BSD-2-Clause, leafletjs.com), inlined."
MONTHS = "January February March April May June July August September October November December"

Point = tuple[float, float]


@dataclass(frozen=True)
class Atlas:
    """Where shapes and points come from (geodata by default; tiny fixtures in tests)."""

    shapes_on: Callable[[date], dict[str, Any]]  # the political map as a FeatureCollection
    point_of: Callable[[str, date], Point | None]  # a polity's representative point
    borders: str = "builtin"

    @classmethod
    def builtin(cls, borders: str = "builtin", tolerance: float = 0.05) -> Atlas:
        from geodata.codes import code_key
        from geodata.geometry import map_features, period_key, representative_point
        from geodata.polities import load_gazetteer

        maps: dict[object, dict[str, Any]] = {}  # days with the same map and codes share one

        def shapes_on(day: date) -> dict[str, Any]:
            key = (period_key(day), code_key(day))
            if key not in maps:
                keep = ("id", "name", "cow", "iso3", "gwcode", "status", "owner", "precision")
                gazetteer = load_gazetteer()
                features = [
                    {
                        "type": "Feature",
                        "properties": {c: getattr(f, c) for c in keep}
                        | {
                            "short": gazetteer.polities[f.id].name
                            if f.id in gazetteer.polities
                            else ""
                        },
                        "geometry": rounded_geometry(f.geometry),
                    }
                    for f in map_features(day, tolerance=tolerance, borders=borders)
                ]
                # Through JSON: plain lists and dicts, as the document embeds them.
                collection = {"type": "FeatureCollection", "features": features}
                maps[key] = json.loads(json.dumps(collection))
            return maps[key]

        def point_of(polity_id: str, day: date) -> Point | None:
            try:
                return representative_point(polity_id, day)
            except (KeyError, ValueError):
                return None

        return cls(shapes_on, point_of, borders)


@dataclass(frozen=True)
class Frame:
    """One map state to export: a view plus the words around it."""

    view: ViewState
    title: str = ""
    caption: str = ""
    excerpts: tuple[str, ...] = ()  # excerpt ids to list; empty = those behind the view


def map_day(view: ViewState) -> date:
    """The day whose borders are drawn: the exact date, or mid-year for a year view."""
    return view.day or date(view.year, 7, 1)


def date_label(view: ViewState) -> str:
    if view.day is None:
        return f"at any time during {view.year}"
    return f"{view.day.day} {MONTHS.split()[view.day.month - 1]} {view.day.year}"


def view_slice(pack: Pack, view: ViewState) -> Slice:
    return as_of(pack, view.day) if view.day else in_year(pack, view.year)


def attributions(pack: Pack, borders: str = "builtin", *, html_export: bool = True) -> list[str]:
    """Every source shown in an export, with its licence (plain text, URLs as text)."""
    lines = []
    for src in pack.manifest.sources:
        url = f" ({src.url})" if src.url else ""
        licence_url = f" {src.licence_url}" if src.licence_url else ""
        lines.append(f"{src.title}, {src.author}{url}. Licence: {src.licence}{licence_url}.")
    lines.append(NATURAL_EARTH)
    if borders == "cshapes":
        lines.append(CSHAPES)
    if html_export:
        lines.append(LEAFLET)
    return lines


class _Names:
    def __init__(self, pack: Pack, shapes: dict[str, Any]) -> None:
        self.pack = pack
        self.polities = {
            f["properties"]["id"]: f["properties"].get("name") or f["properties"]["id"]
            for f in shapes.get("features", [])
        }
        self.polities.update({p.id: p.name for p in pack.polities})
        self.index = PolityIndex(pack.polities)

    def __call__(self, some_id: str) -> str:
        org = self.pack.organisations_by_id.get(some_id)
        if org is not None:
            return org.name
        return self.polities.get(some_id) or self.index.name(some_id)


def record_label(record: Relationship | Event | Organisation, names: Callable[[str], str]) -> str:
    if isinstance(record, Relationship):
        if record.title:
            return record.title
        return f"{names(record.subject)} {record.kind.replace('_', ' ')} {names(record.object)}"
    return record.title if isinstance(record, Event) else record.name


def record_dates(record: Relationship | Event | Organisation) -> str:
    end = f" to {record.end}" if record.end else ("" if isinstance(record, Event) else " on")
    return f"{record.start}{end}"


def _focus_polities(pack: Pack, focus: str | None) -> list[str]:
    if focus is None:
        return []
    record = pack.records_by_id.get(focus)
    if isinstance(record, Relationship):
        return [record.subject, record.object]
    if isinstance(record, Event):
        return [p.polity for p in record.places if p.polity] + list(record.participants)
    if isinstance(record, Organisation):
        members = [r.subject for r in pack.relationships if r.object == focus]
        return [*members, *([record.seat.polity] if record.seat.polity else [])]
    return [focus]


def _record_card(record: Relationship | Event | Organisation, names: _Names) -> dict[str, Any]:
    return {
        "label": record_label(record, names),
        "dates": record_dates(record),
        "provenance": record.provenance,
        "note": record.note,
        "excerpts": [{"id": link.excerpt, "quote": link.quote} for link in record.excerpts],
    }


def _legend(pack: Pack, layers: MapLayers, names: _Names) -> list[dict[str, str]]:
    """One entry per colour actually drawn, named after the record that gave it."""
    entries: dict[str, str] = {}
    for mark in layers.polities:
        record = pack.records_by_id.get(mark.records[0]) if mark.records else None
        if not isinstance(record, Relationship):
            continue
        if record.kind == "member_of":
            label = f"Member of {names(record.object)}"
        elif record.kind == "part_of":
            label = f"Part of {names(record.object)}"
        else:
            label = f"Held, partitioned or occupied by {names(record.subject)}"
        entries.setdefault(label, mark.style.fill)
    hatched = [
        {
            "label": f"Colony, protectorate or mandate of {names(owner)}",
            "colour": colours.neutral_fill(owner),
            "hatch": colour,
        }
        for owner, colour in sorted(layers.hatches.items(), key=lambda item: names(item[0]))
    ]
    for colour, label in ((colours.DEPLOYMENT, "Troops deployed"), (colours.BACKING, "Backing")):
        if any(a.colour == colour for a in layers.arrows):
            entries[label] = colour
    if any(isinstance(pack.records_by_id.get(p.record_id), Event) for p in layers.points):
        entries["Event"] = colours.EVENT
    if pack.candidates:
        entries["Unreviewed (proposed by histatlas ingest)"] = colours.CANDIDATE
    return [{"label": k, "colour": v} for k, v in entries.items()] + hatched


def frame_data(pack: Pack, frame: Frame, atlas: Atlas, shapes: dict[str, Any]) -> dict[str, Any]:
    """Everything the player needs for one frame, as JSON-ready data.

    Styles come from the dashboard's own layer rules (dashboard.map.layers), so an export looks
    like the app; tooltips are the escaped HTML those rules make (sanitised again in JS).
    """
    view = frame.view
    names = _Names(pack, shapes)
    sl = view_slice(pack, view)
    rows = tuple(
        PolityRow(
            id=p["id"],
            name=p.get("name") or p["id"],
            status=p.get("status") or "independent",
            owner=p.get("owner"),
            precision=p.get("precision") or "precise",
        )
        for p in (f["properties"] for f in shapes.get("features", []))
    )
    own = {p.id: (p.lat, p.lon) for p in pack.polities}

    def locate(pid: str, day: date) -> Point | None:
        return own.get(pid) or atlas.point_of(pid, day)

    layers = build_layers(
        LayerInput(pack, sl, rows, frozenset(view.layers), map_day(view), locate, names)
    )
    records = {rid for m in layers.polities for rid in m.records}
    records |= {r for a in layers.arrows for r in a.records or (a.record_id,)}
    records |= {r for p in layers.points for r in p.records or (p.record_id,)}
    excerpt_ids = list(frame.excerpts) or [e.id for e in sl.excerpts]
    return {
        "title": frame.title or pack.manifest.title,
        "date": date_label(view),
        "caption": frame.caption,
        "bounds": list(view.bounds) if view.bounds else _region_bounds(view.region),
        "layers": list(view.layers),
        "styles": {m.id: m.style.as_leaflet() for m in layers.polities},
        "tips": {m.id: m.tooltip for m in layers.polities},
        "marked": {m.id: list(m.records) for m in layers.polities if m.records},
        "arrows": [
            {"from": a.start, "to": a.end, "colour": a.colour, "weight": a.weight}
            | {"dashed": a.dashed, "tip": a.tooltip, "record": a.record_id}
            for a in layers.arrows
        ],
        "points": [
            {"at": (p.lat, p.lon), "colour": p.colour, "radius": p.radius}
            | {"dashed": p.dashed, "tip": p.tooltip, "record": p.record_id}
            for p in layers.points
        ],
        "legend": _legend(pack, layers, names),
        "focus": _focus_polities(pack, view.focus),
        "excerpts": [e for e in excerpt_ids if e in pack.excerpts_by_id],
        "records": {
            rid: _record_card(pack.records_by_id[rid], names)
            for rid in sorted(records)
            if rid in pack.records_by_id
        },
    }


def _region_bounds(region: str) -> list[float] | None:
    try:
        from geodata.regions import REGIONS
    except ImportError:
        return None
    found = REGIONS.get(region)
    return list(found.bounds) if found else None


def _shapes_for(
    frames: Iterable[Frame], atlas: Atlas
) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """Each frame's political map, each distinct map once and each distinct shape once.

    A tour's slides mostly share shapes (a border change moves a few polities), so the file
    holds every geometry once; a map is a list of (properties, geometry key) pairs.
    """
    collections: list[dict[str, Any]] = []
    geometries: dict[str, str] = {}  # geometry JSON -> key
    maps: dict[str, str] = {}  # map JSON -> key
    store: dict[str, Any] = {"geometries": {}, "maps": {}}
    keys = []
    for frame in frames:
        collection = atlas.shapes_on(map_day(frame.view))
        collections.append(collection)
        entries = []
        for feature in collection.get("features", []):
            text = json.dumps(feature["geometry"], sort_keys=True)
            gid = geometries.setdefault(text, f"g{len(geometries)}")
            if gid not in store["geometries"]:  # with where its name goes (dashboard.map.spots)
                store["geometries"][gid] = {
                    **feature["geometry"],
                    "spots": spots(feature["geometry"]),
                }
            entries.append([feature["properties"], gid])
        key = maps.setdefault(json.dumps(entries, sort_keys=True), f"m{len(maps)}")
        store["maps"][key] = entries
        keys.append(key)
    return collections, store, keys


def document_data(pack: Pack, frames: list[Frame], atlas: Atlas, title: str) -> dict[str, Any]:
    collections, store, keys = _shapes_for(frames, atlas)
    slides = []
    for frame, collection, key in zip(frames, collections, keys, strict=True):
        slides.append(frame_data(pack, frame, atlas, collection) | {"shapes": key})
    wanted = {e for s in slides for e in s["excerpts"]}
    wanted |= {q["id"] for s in slides for r in s["records"].values() for q in r["excerpts"]}
    return {
        "title": title,
        "slides": slides,
        **store,
        "excerpts": {
            e.id: {"text": e.text, "line": e.line} for e in pack.excerpts if e.id in wanted
        },
        "attribution": attributions(pack, atlas.borders),
    }


def tour_frames(pack: Pack, tour_id: str) -> list[Frame]:
    tour = pack.tours_by_id[tour_id]
    return [
        Frame(
            slide_view(tour, n, _default_layers(pack)),
            slide.title,
            slide.caption,
            tuple(slide.excerpts),
        )
        for n, slide in enumerate(tour.slides, start=1)
    ]


def _default_layers(pack: Pack) -> tuple[str, ...]:
    chosen = set(pack.manifest.default_view.layers)
    return tuple(x for x in LAYERS if x in chosen)
