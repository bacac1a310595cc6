"""Measures the built-in shapes against CShapes 2.0 and documented areas; prints the tables.

Run ``python -m geodata.sources.accuracy_report`` with ``../shared/reference`` present.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shapely
import yaml
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geodata.coverage import area_km2, to_equal_area
from geodata.geometry import exact_shapes
from geodata.polities import load_gazetteer
from geodata.recipes import base_geometries, clip_geometry, evaluate, fast_union
from geodata.sources.cshapes import FILE_NAME, CShapesRow, read_rows
from geodata.sources.cshapes_map import polities_by_cow, polity_for

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference"
DOCUMENTED = Path(__file__).resolve().parents[1] / "data" / "documented_areas.yaml"
DATES = (date(1890, 6, 1), date(1925, 6, 1), date(1960, 6, 1), date(1985, 6, 1))
EUROPE = shapely.box(-25.0, 34.0, 45.0, 72.0)
# Cuba and the states where its forces served (COW codes).
CUBA_SET = {
    40: "Cuba",
    540: "Angola",
    530: "Ethiopia",
    541: "Mozambique",
    93: "Nicaragua",
    484: "Congo",
    404: "Guinea-Bissau",
    615: "Algeria",
    652: "Syria",
    680: "South Yemen",
}
MICRO_KM2 = 5000.0
# Units CShapes draws larger than one polity of ours: it counts the Turkish-occupied north
# as part of Cyprus.
ALSO_COMPOSED = {352: ("northern-cyprus",)}
# Our pieces CShapes counts in a unit only between two dates, where its coding follows
# sovereignty and ours who ruled: (COW, polity id or "polity-id/clip-id" for the part of a
# polity inside one of our clips, start, end).
COMPOSED_WHILE = (
    # British-run Cyprus under Ottoman sovereignty (Cyprus Convention) until the annexation.
    (640, "cyprus", date(1878, 7, 12), date(1914, 11, 5)),
    # CShapes keeps the Dodecanese (Italian from the Treaty of Ouchy to the Paris treaty) in Greece.
    (350, "italy/gr-dodecanese", date(1912, 10, 18), date(1947, 9, 15)),
    # CShapes 2.0 does not model these transfers: Eupen-Malmedy stays Belgian from 1886 (German
    # until the Treaty of Versailles, 1920), and Istria, the Slovene Littoral, Zadar and Fiume
    # (Italian 1920/1924-1945) are in Yugoslavia, not Italy.
    (211, "germany/be-eupen-malmedy", date(1871, 1, 18), date(1920, 1, 10)),
    (345, "italy/si-hr-italian-1920", date(1918, 11, 3), date(1945, 5, 8)),
    (345, "italy/hr-fiume", date(1924, 3, 16), date(1945, 5, 8)),
    (345, "fiume", date(1918, 11, 3), date(1924, 3, 16)),
)
# Our pieces CShapes leaves out of a unit between two dates: (COW, clip id, the base countries
# whose part inside the clip is left out, start, end).
LEFT_OUT_WHILE = (
    (325, "si-hr-italian-1920", ("SVN", "HRV"), date(1918, 11, 3), date(1945, 5, 8)),
    (325, "hr-fiume", ("HRV",), date(1924, 3, 16), date(1945, 5, 8)),
)
ENVELOPE_DEGREES = 2.0


@dataclass(frozen=True)
class Score:
    day: date
    cow: int
    name: str
    ours: tuple[str, ...]
    iou: float
    area_ratio: float
    baseline_iou: float | None
    cshapes_km2: float

    @property
    def micro(self) -> bool:
        return self.cshapes_km2 < MICRO_KM2


def reference_file() -> Path:
    return REFERENCE / "cshapes" / FILE_NAME


def iou(a: BaseGeometry, b: BaseGeometry) -> float:
    """Intersection over union, computed in an equal-area projection."""
    pa, pb = to_equal_area(a), to_equal_area(b)
    union = shapely.union(pa, pb).area
    return float(shapely.intersection(pa, pb).area / union) if union else 0.0


def composed(row: CShapesRow, day: date, present: set[int]) -> tuple[tuple[str, ...], BaseGeometry]:
    """Our shape for a CShapes unit: the polity plus its dependencies CShapes does not list."""
    gazetteer = load_gazetteer()
    shapes = exact_shapes(day)
    main = polity_for(row, day, gazetteer)
    ids = [main] if main in shapes else []
    separate = {pid for cow in present if cow != row.cow for pid in polities_by_cow().get(cow, ())}
    for state in gazetteer.on(day):
        dependent = state.owner == main and state.status == "dependency"
        if (dependent and state.id not in separate) or state.id in ALSO_COMPOSED.get(row.cow, ()):
            ids.append(state.id)
    parts = [shapes[i] for i in ids]
    for cow, piece, start, end in COMPOSED_WHILE:
        polity, _, clip = piece.partition("/")
        if cow == row.cow and start <= day < end and polity in shapes:
            ids.append(piece)
            whole = shapes[polity]
            parts.append(shapely.intersection(whole, clip_geometry(clip)) if clip else whole)
    result = fast_union(parts)
    for cow, clip, codes, start, end in LEFT_OUT_WHILE:
        if cow == row.cow and start <= day < end:
            ids.append(f"-{clip}")
            base = fast_union([base_geometries()[code] for code in codes])
            result = shapely.difference(result, shapely.intersection(clip_geometry(clip), base))
    return tuple(ids), result


def baseline(row: CShapesRow, day: date) -> BaseGeometry | None:
    """The modern Natural Earth shape of the unit's present-day successor, if it has one."""
    gazetteer = load_gazetteer()
    polity = (
        gazetteer.get(polity_for(row, day, gazetteer)) if row.cow in polities_by_cow() else None
    )
    if polity is None or polity.periods[-1].end is not None:
        return None
    return evaluate(polity.periods[-1].shape)


def selected(rows: list[CShapesRow]) -> list[CShapesRow]:
    """Independent states centred in Europe (with Russia and Turkey) and the Cuba set."""
    chosen = []
    for row in rows:
        centre = row.geometry.representative_point()  # type: ignore[attr-defined]
        inside = shapely.contains(EUROPE, centre) or row.cow in (365, 640)
        european = row.status == "independent" and inside
        if row.cow in CUBA_SET or european:
            chosen.append(row)
    return chosen


def score(row: CShapesRow, day: date, present: set[int], *, with_baseline: bool = True) -> Score:
    """One CShapes unit on ``day`` against our composed shape (``present``: the COW codes of
    every CShapes unit that day, so dependencies with a code of their own stay apart)."""
    ids, ours = composed(row, day, present)
    theirs = shapely.make_valid(row.geometry)
    # Compare like with like: overseas parts far from the CShapes unit (colonies,
    # Svalbard, overseas departments) are left out of our shape and the baseline.
    frame = shapely.box(*theirs.buffer(ENVELOPE_DEGREES).bounds)
    ours = shapely.intersection(ours, frame)
    base = baseline(row, day) if with_baseline else None
    base = shapely.intersection(base, frame) if base is not None else None
    return Score(
        day=day,
        cow=row.cow,
        name=row.name,
        ours=ids,
        iou=round(iou(ours, theirs), 3) if ids else 0.0,
        area_ratio=round(area_km2(ours) / max(area_km2(theirs), 1e-9), 3),
        baseline_iou=round(iou(base, theirs), 3) if base is not None else None,
        cshapes_km2=round(area_km2(theirs)),
    )


def scores(rows: tuple[CShapesRow, ...], days: tuple[date, ...] = DATES) -> list[Score]:
    found: list[Score] = []
    for day in days:
        today = [r for r in rows if r.start <= day < r.end]
        present = {r.cow for r in today}
        found.extend(score(row, day, present) for row in selected(today))
    return found


@dataclass(frozen=True)
class AreaCheck:
    polity: str
    day: date
    documented_km2: float
    ours_km2: float
    source: str

    @property
    def ratio(self) -> float:
        return self.ours_km2 / self.documented_km2


def documented_areas(path: Path = DOCUMENTED) -> list[AreaCheck]:
    """Our areas next to the documented ones listed in documented_areas.yaml."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    checks = []
    for entry in entries:
        day = entry["day"]
        shape = exact_shapes(day).get(entry["polity"])
        ours = area_km2(shape) if shape is not None else 0.0
        checks.append(
            AreaCheck(entry["polity"], day, float(entry["km2"]), round(ours), entry["source"])
        )
    return checks


def markdown(found: list[Score], areas: list[AreaCheck]) -> str:
    lines = [
        "| date | CShapes unit (COW) | histatlas | IoU | area ratio | modern-shape IoU |",
        "|---|---|---|---|---|---|",
    ]
    for s in sorted(found, key=lambda s: (s.day, s.micro, s.name)):
        base = "n/a" if s.baseline_iou is None else f"{s.baseline_iou:.3f}"
        flag = " (micro)" if s.micro else ""
        lines.append(
            f"| {s.day} | {s.name} ({s.cow}){flag} | {_ours(s.ours)} | "
            f"{s.iou:.3f} | {s.area_ratio:.3f} | {base} |"
        )
    lines += [
        "",
        "| polity | date | documented km2 | histatlas km2 | ratio | source |",
        "|---|---|---|---|---|---|",
    ]
    for a in areas:
        lines.append(
            f"| {a.polity} | {a.day} | {a.documented_km2:,.0f} | {a.ours_km2:,.0f} | "
            f"{a.ratio:.3f} | {a.source} |"
        )
    return "\n".join(lines)


# Before CShapes begins (1886): states of the partition era against historical-basemaps'
# snapshots, a coarse reference (its author calls it work in progress), so this is a sanity
# measurement. (snapshot year, its feature NAMEs, our polity ids), compared on 1 July.
BASEMAPS_PAIRS: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (1783, ("Poland",), ("polish-lithuanian-commonwealth",)),
    (1783, ("Austrian Empire", "Austrian Netherlands", "Milano (Austria)"), ("habsburg-monarchy",)),
    (1783, ("Saxony",), ("saxony",)),
    (1783, ("Kingdom of Ireland",), ("ireland",)),
    (1783, ("Sweden",), ("sweden",)),
    (1783, ("France",), ("france",)),
    (1783, ("Portugal",), ("portugal",)),
    (1800, ("Helvetic Republic",), ("switzerland",)),
    (1800, ("Batavian Republic",), ("netherlands",)),
    (1800, ("Bavaria",), ("bavaria",)),
    (1815, ("Prussia",), ("prussia", "grand-duchy-of-posen")),
    (1815, ("Austrian Empire", "Lombardy", "Venetia"), ("austrian-empire",)),
    (1815, ("United Kingdom of Great Britain and Ireland",), ("united-kingdom",)),
    (1815, ("France",), ("france",)),
    (1815, ("Bavaria",), ("bavaria",)),
    (1815, ("Switzerland",), ("switzerland",)),
    (1880, ("Germany",), ("germany",)),
    (1880, ("Austria Hungary",), ("austria-hungary",)),
    (1880, ("Italy",), ("italy",)),
    (1880, ("Serbia",), ("serbia",)),
    (1880, ("Belgium",), ("belgium",)),
)


@dataclass(frozen=True)
class BasemapsScore:
    day: date
    theirs: tuple[str, ...]
    ours: tuple[str, ...]
    iou: float
    area_ratio: float


def basemaps_file(year: int) -> Path:
    return REFERENCE / "historical-basemaps" / f"world_{year}.geojson"


def basemaps_scores() -> list[BasemapsScore]:
    """Our shapes against the historical-basemaps snapshots, pair by pair (equal-area IoU)."""
    found = []
    for year in sorted({year for year, _, _ in BASEMAPS_PAIRS}):
        collection = json.loads(basemaps_file(year).read_text(encoding="utf-8"))
        day = date(year, 7, 1)
        shapes = exact_shapes(day)
        for pair_year, names, ids in BASEMAPS_PAIRS:
            if pair_year != year:
                continue
            theirs = fast_union(
                [
                    shapely.make_valid(shape(feature["geometry"]))
                    for feature in collection["features"]
                    if (feature["properties"].get("NAME") or "").strip() in names
                ]
            )
            frame = shapely.box(*theirs.buffer(ENVELOPE_DEGREES).bounds)
            ours = shapely.intersection(fast_union([shapes[i] for i in ids]), frame)
            found.append(
                BasemapsScore(
                    day=day,
                    theirs=names,
                    ours=ids,
                    iou=round(iou(ours, theirs), 3),
                    area_ratio=round(area_km2(ours) / max(area_km2(theirs), 1e-9), 3),
                )
            )
    return found


def basemaps_markdown(found: list[BasemapsScore]) -> str:
    lines = [
        "| date | historical-basemaps | histatlas | IoU | area ratio |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {s.day} | {' + '.join(s.theirs)} | {' + '.join(s.ours)} | {s.iou:.3f} | "
        f"{s.area_ratio:.3f} |"
        for s in found
    ]
    return "\n".join(lines)


def _ours(ids: tuple[str, ...]) -> str:
    if len(ids) > 3:
        return f"{ids[0]} + {len(ids) - 1} dependencies"
    return " + ".join(ids) or "-"


def main() -> int:
    path = reference_file()
    if not path.exists():
        sys.stderr.write(f"accuracy_report: {path} not found (reference data absent)\n")
        return 1
    print(markdown(scores(read_rows(path)), documented_areas()))
    if basemaps_file(1783).exists():
        print()
        print(basemaps_markdown(basemaps_scores()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
