"""Every polity period of a span as one table of shapes with their dates: GeoPackage,
GeoJSON or GeoParquet, for QGIS's temporal controller and kepler.gl's time playback.

One row a polity period: ``id``, ``name``, ``start``, ``end`` (exclusive; empty while it
still held at the end of the horizon), ``cow``, ``iso3``, ``gwcode``, ``status``, ``owner``,
``precision`` (``approximate`` or ``precise``), ``date_precision`` and ``source``. A period
keeps its shape over its life; the shape is the one of its first day in the span (simplified
to ``tolerance`` degrees, as the app draws it). Where the Gleditsch-Ward code changes inside
a period (GW's dates are its own), the period is cut there: one row a code, same shape.
Each file names its sources and licences.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import mapping

from dashboard.export.frames import NATURAL_EARTH
from geodata.codes import code_pieces
from geodata.geometry import map_features
from geodata.polities import load_gazetteer

FORMATS = ("gpkg", "geojson", "parquet")
HORIZON = (date(1772, 1, 1), date(1992, 1, 1))
COLUMNS = ("id", "name", "start", "end", "cow", "iso3", "gwcode", "status", "owner", "precision",
           "date_precision", "source")  # fmt: skip
LAYER = "polity_periods"


def period_rows(
    start: date = HORIZON[0],
    end: date = HORIZON[1],
    tolerance: float = 0.05,
    tick: Callable[[], None] = lambda: None,
    shapeless: list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of every period overlapping [start, end), a map computed once per first day.

    A period with no shape of its own on that day (drawn inside another polity's) has no
    row; its ``id@start`` goes to ``shapeless`` so the caller can say so."""
    gazetteer = load_gazetteer()
    by_day: dict[date, list[tuple[Any, Any]]] = defaultdict(list)
    for polity in gazetteer.polities.values():
        for period in polity.periods:
            if period.start < end and (period.end is None or period.end > start):
                by_day[max(period.start, start)].append((polity, period))
    for day in sorted(by_day):
        shapes = {f.id: f.geometry for f in map_features(day, tolerance=tolerance)}
        for polity, period in by_day[day]:
            geometry = shapes.get(polity.id)
            if geometry is None or geometry.is_empty:
                if shapeless is not None:
                    shapeless.append(f"{polity.id}@{period.start.isoformat()}")
                continue
            cut = code_pieces(polity.id, period.start, period.end, period.cow)
            for first, after, cow, gwcode in cut:
                if first >= end or (after is not None and after <= start):
                    continue  # a piece outside the span asked for
                yield {
                    "id": polity.id,
                    "name": period.name or polity.name,
                    "start": first,
                    "end": after,
                    "cow": cow,
                    "iso3": period.iso3,
                    "gwcode": gwcode,
                    "status": period.status,
                    "owner": period.owner,
                    "precision": period.precision,
                    "date_precision": period.date_precision,
                    "source": period.source,
                    "geometry": geometry,
                }
        tick()


def first_days(start: date = HORIZON[0], end: date = HORIZON[1]) -> int:
    """How many maps ``period_rows`` computes (for a progress bar)."""
    gazetteer = load_gazetteer()
    return len(
        {
            max(p.start, start)
            for polity in gazetteer.polities.values()
            for p in polity.periods
            if p.start < end and (p.end is None or p.end > start)
        }
    )


ATTRIBUTION = NATURAL_EARTH


def write_periods(rows: list[dict[str, Any]], fmt: str, path: Path) -> None:
    """Write the rows as a GeoPackage layer, a GeoJSON file or a GeoParquet file."""
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "properties": {
                    k: (v.isoformat() if isinstance(v, date) else v)
                    for k, v in row.items()
                    if k != "geometry"
                },
                "geometry": mapping(row["geometry"]),
            }
            for row in rows
        ]
        collection = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
        path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        return
    import geopandas as gpd
    import pandas as pd

    frame = gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], geometry="geometry", crs=4326)
    frame["start"] = pd.to_datetime(frame["start"])  # dates the temporal controller reads
    frame["end"] = pd.to_datetime(frame["end"])
    frame["cow"] = frame["cow"].astype("Int64")
    frame["gwcode"] = frame["gwcode"].astype("Int64")
    if fmt == "gpkg":
        frame.to_file(path, driver="GPKG", layer=LAYER, engine="pyogrio",
                      metadata={"DESCRIPTION": ATTRIBUTION})  # fmt: skip
    else:
        import pyarrow.parquet as pq

        frame.attrs["attribution"] = ATTRIBUTION  # read back as .attrs by recent GeoPandas
        frame.to_parquet(path)
        # ... and as a key of the file's own metadata, which every Parquet reader shows.
        table = pq.read_table(path)
        meta = {**(table.schema.metadata or {}), b"attribution": ATTRIBUTION.encode()}
        pq.write_table(table.replace_schema_metadata(meta), path)
