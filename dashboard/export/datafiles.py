"""A view's slice as data files: GeoJSON (shapes and records) and CSV (records), each with
the sources' attribution."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from dashboard.export.frames import (
    Atlas,
    Frame,
    _Names,
    attributions,
    date_label,
    frame_data,
    map_day,
    record_label,
    view_slice,
)
from dashboard.view.state import ViewState
from dashboard.view.texts import spreadsheet_cell
from events.model import Event, Organisation, Pack, Relationship
from events.timeslice import Shown


def _record_properties(record: Relationship | Event | Organisation, names: _Names) -> dict:
    return {
        "record": record.id,
        "type": type(record).__name__.lower(),
        "kind": record.kind,
        "label": record_label(record, names),
        "start": str(record.start),
        "end": str(record.end) if record.end else None,
        "provenance": record.provenance,
        "review": record.review,
        "confidence": record.confidence,
        "note": record.note,
        "excerpts": [link.excerpt for link in record.excerpts],
        "quotes": [link.quote for link in record.excerpts],
        **(
            {"subject": record.subject, "object": record.object}
            if isinstance(record, Relationship)
            else {}
        ),
    }


def _relationship_features(
    pack: Pack, view: ViewState, names: _Names, drawn: set[str]
) -> list[dict[str, Any]]:
    """Every relationship of the view not drawn as a line (memberships, partitions,
    occupations) as a feature without geometry: GDAL, QGIS and pandas keep features, where
    they drop a top-level member."""
    layers = set(view.layers)
    return [
        {"type": "Feature", "properties": _record_properties(shown.record, names), "geometry": None}
        for shown in view_slice(pack, view).relationships
        if shown.record.layer in layers and shown.record.id not in drawn
    ]


def view_geojson(pack: Pack, view: ViewState, atlas: Atlas | None = None) -> str:
    """The view's slice as GeoJSON: polity shapes (with the records colouring them),
    deployment lines and event/seat points with record properties, plus attribution."""
    atlas = atlas or Atlas.builtin()
    shapes = atlas.shapes_on(map_day(view))
    data = frame_data(pack, Frame(view), atlas, shapes)
    names = _Names(pack, shapes)
    features = []
    for feature in shapes.get("features", []):
        pid = feature["properties"]["id"]
        props = dict(feature["properties"], kind="polity", records=data["marked"].get(pid, []))
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    for mark, kind in [(a, "line") for a in data["arrows"]] + [
        (p, "point") for p in data["points"]
    ]:
        record = pack.records_by_id[mark["record"]]
        if kind == "line":
            coords: Any = [[mark["from"][1], mark["from"][0]], [mark["to"][1], mark["to"][0]]]
            geometry = {"type": "LineString", "coordinates": coords}
        else:
            geometry = {"type": "Point", "coordinates": [mark["at"][1], mark["at"][0]]}
        props = _record_properties(record, names) | {"colour": mark["colour"]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    features += _relationship_features(
        pack, view, names, drawn={f["record"] for f in data["arrows"]}
    )
    marked = sorted({rid for ids in data["marked"].values() for rid in ids})
    collection = {
        "type": "FeatureCollection",
        "features": features,
        # Foreign members (RFC 7946 section 6.1): what this is and whose work it holds.
        "title": data["title"],
        "date": data["date"],
        "layers": data["layers"],
        "records": [_record_properties(pack.records_by_id[r], names) for r in marked],
        "attribution": attributions(pack, atlas.borders, html_export=False),
    }
    return json.dumps(collection, ensure_ascii=False, allow_nan=False)


CSV_COLUMNS = (
    "record",
    "type",
    "kind",
    "label",
    "subject",
    "object",
    "start",
    "end",
    "provenance",
    "began_in_period",
    "ended_in_period",
    "layer",
    "excerpts",
    "quotes",
    "note",
)


def view_csv(pack: Pack, view: ViewState) -> str:
    """The records of the view's slice (the chosen layers), one per row, after '#' lines
    naming the view and every source with its licence."""
    sl = view_slice(pack, view)
    names = _Names(pack, {})
    out = io.StringIO()
    for line in [
        f"histatlas export: {pack.manifest.title}, {date_label(view)}",
        *attributions(pack, html_export=False),
    ]:
        out.write("# " + line.replace("\n", " ") + "\n")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    layers = set(view.layers)
    groups: tuple[tuple[Shown[Any], ...], ...] = (sl.relationships, sl.events, sl.organisations)
    for group in groups:
        for shown in group:
            record = shown.record
            layer = (
                record.layer
                if isinstance(record, Relationship)
                else ("events" if isinstance(record, Event) else "alliances")
            )
            if layer not in layers:
                continue
            row = _record_properties(record, names) | {
                "began_in_period": shown.began_in_period,
                "ended_in_period": shown.ended_in_period,
                "layer": layer,
            }
            row["excerpts"] = " ".join(row["excerpts"])
            row["quotes"] = " | ".join(row["quotes"])
            writer.writerow({c: spreadsheet_cell(row.get(c)) for c in CSV_COLUMNS})
    return out.getvalue()
