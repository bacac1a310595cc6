"""Turns CShapes rows for one day into a political map keyed by histatlas polity ids."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from geodata.polities import Gazetteer, load_gazetteer

if TYPE_CHECKING:
    from geodata.sources.cshapes import CShapesRow

SOURCE = "cshapes-2.0 (CC BY-NC-SA 4.0)"
COLUMNS = ["id", "name", "cow", "iso3", "status", "owner", "precision", "source"]


@cache
def polities_by_cow() -> dict[int, tuple[str, ...]]:
    """Polity ids that carry each COW code in some period (in gazetteer order)."""
    found: dict[int, list[str]] = {}
    for polity in load_gazetteer().polities.values():
        for period in polity.periods:
            if period.cow is not None and polity.id not in found.get(period.cow, []):
                found.setdefault(period.cow, []).append(polity.id)
    return {cow: tuple(ids) for cow, ids in found.items()}


def polity_for(row: CShapesRow, day: date, gazetteer: Gazetteer | None = None) -> str:
    """The histatlas id for a CShapes row: the polity with that COW code existing that day.

    Falls back to any polity ever carrying the code (a colony keeps its later id), then
    to ``cshapes-<code>``.
    """
    gazetteer = gazetteer or load_gazetteer()
    candidates = polities_by_cow().get(row.cow, ())
    for polity_id in candidates:
        if gazetteer.get(polity_id).period_on(day) is not None:
            return polity_id
    return candidates[0] if candidates else f"cshapes-{row.cow}"


def frame_for(day: date, rows: list[CShapesRow], tolerance: float | None) -> gpd.GeoDataFrame:
    """One row per CShapes unit; names, codes and status from the gazetteer when it knows them."""
    gazetteer = load_gazetteer()
    records, geometries = [], []
    used: set[str] = set()
    for row in rows:
        polity_id = polity_for(row, day, gazetteer)
        if polity_id in used:  # two CShapes units for one polity: keep them apart
            polity_id = f"{polity_id}-cshapes-{row.cow}"
        used.add(polity_id)
        state = gazetteer.state_of(polity_id, day) if polity_id in gazetteer.polities else None
        owner = _owner_id(row, day) if row.status != "independent" else None
        records.append(
            {
                "id": polity_id,
                "name": state.name if state else row.name,
                "cow": row.cow,
                "iso3": state.iso3 if state else None,
                "status": row.status if row.status in _STATUSES else "dependency",
                "owner": owner,
                "precision": "precise",
                "source": SOURCE,
            }
        )
        geometry = shapely.make_valid(row.geometry)  # type: ignore[arg-type]
        if tolerance:
            geometry = shapely.simplify(geometry, tolerance, preserve_topology=True)
        geometries.append(geometry)
    frame = gpd.GeoDataFrame(records, columns=COLUMNS, geometry=geometries, crs=4326)
    frame["cow"] = frame["cow"].astype("Int64")
    return frame


_STATUSES = frozenset({"independent", "colony", "protectorate", "occupied", "mandate"})


def _owner_id(row: CShapesRow, day: date) -> str | None:
    if row.owner is None or row.owner == row.cow:
        return None
    ids = polities_by_cow().get(row.owner, ())
    gazetteer = load_gazetteer()
    for polity_id in ids:
        if gazetteer.get(polity_id).period_on(day) is not None:
            return polity_id
    return ids[0] if ids else None
