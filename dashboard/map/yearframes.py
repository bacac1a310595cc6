"""Year frames: what the map draws in each year of a decade, in one file the browser steps
through without asking the server (no Streamlit here; dashboard.data builds them).

A year's view spec (dashboard.map.mapview.view_spec) is a list of rows - one per polity,
partition share, arrow and point - and neighbouring years share almost all of them. A
*chunk* holds the decade's rows once, the frames that pick rows by index, and which frame
each year shows. It is named by the hash of its content, like the shapes, so a browser
fetches it once and two replicas write the same file under the same name.

Chunk (JSON): {"v", "first", "last", "styles": [leaflet style], "rows": {"polities",
"areas", "arrows", "points"}, "summaries": [text], "frames": [{"p", "a", "r", "m": [row
index], "s": summary index, "bundle": file}], "years": [frame index per year first..last]}.
Polity and area rows carry their style as an index into the chunk's ``styles``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from dashboard.map.assets import write_atomic

FRAMES = "frames"  # folder of chunk files under generated/
CHUNK_YEARS = 10  # a chunk covers a decade: 1950-1959
FORMAT = 1
ROW_KINDS = (("polities", "p"), ("areas", "a"), ("arrows", "r"), ("points", "m"))
STYLED = ("polities", "areas")  # rows whose third item is a style index


def chunk_start(year: int) -> int:
    return year - year % CHUNK_YEARS


def chunk_years(start: int, horizon: tuple[int, int]) -> range:
    """The years of the chunk starting at ``start`` that lie in the horizon."""
    first, last = horizon
    return range(max(start, first), min(start + CHUNK_YEARS - 1, last) + 1)


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


class _Table:
    """Values stored once, in first-seen order, found again by their JSON."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        key = _dumps(value)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(value)
        return self._index[key]


def encode(specs: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """One chunk from the view specs of consecutive years (``{year: spec}``)."""
    if not specs:
        raise ValueError("a chunk needs at least one year")
    years = sorted(specs)
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"a chunk's years must follow each other: {years}")
    styles, summaries, frames = _Table(), _Table(), _Table()
    rows = {kind: _Table() for kind, _ in ROW_KINDS}
    chosen = []
    for year in years:
        spec = specs[year]
        frame: dict[str, Any] = {}
        for kind, short in ROW_KINDS:
            picked = []
            for row in spec.get(kind, []):
                if kind in STYLED:
                    row = [*row[:2], styles.add(spec["styles"][row[2]]), *row[3:]]
                picked.append(rows[kind].add(row))
            frame[short] = picked
        frame["s"] = summaries.add(spec.get("summary", ""))
        frame["bundle"] = str(spec.get("bundle", "")).rsplit("/", 1)[-1]
        chosen.append(frames.add(frame))
    return {
        "v": FORMAT,
        "first": years[0],
        "last": years[-1],
        "styles": styles.items,
        "rows": {kind: rows[kind].items for kind, _ in ROW_KINDS},
        "summaries": summaries.items,
        "frames": frames.items,
        "years": chosen,
    }


def decode(chunk: dict[str, Any], year: int) -> dict[str, Any]:
    """The rows, styles and summary of ``year`` as a view spec has them (what the browser's
    histatlas.frameSpec rebuilds; used by tests to hold the two to the same meaning)."""
    if not chunk["first"] <= year <= chunk["last"]:
        raise KeyError(f"{year} is not in the chunk {chunk['first']}-{chunk['last']}")
    frame = chunk["frames"][chunk["years"][year - chunk["first"]]]
    spec: dict[str, Any] = {"styles": chunk["styles"], "summary": chunk["summaries"][frame["s"]]}
    for kind, short in ROW_KINDS:
        spec[kind] = [chunk["rows"][kind][i] for i in frame[short]]
    spec["bundle"] = frame["bundle"]
    return spec


def write_chunk(chunk: dict[str, Any], root: Path) -> str:
    """Write the chunk as ``frames/<hash>.json`` under ``root`` (unless there) and return the
    file's name."""
    text = _dumps(chunk)
    name = hashlib.sha1(text.encode()).hexdigest()[:16] + ".json"
    target = root / FRAMES / name
    if not target.exists():
        write_atomic(target, text)
    return name
