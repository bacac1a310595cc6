"""Timelines (Vega-Lite): relationships as bars over time, with the current date marked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import streamlit as st

from dashboard.view.records import NameOf, title_of
from events.model import Relationship

NOW_COLOUR = "#D55E00"  # vermilion (Okabe-Ito): the date the view shows
KEY = (
    "Each bar from its start to its end (or the pack's horizon), coloured by kind; faded: "
    "context, not in the excerpt. The orange line or band: the date shown."
)
KIND_LABELS = {
    "member_of": "member of",
    "partitioned": "partitioned",
    "annexed": "annexed",
    "occupied": "occupied",
    "deployed_to": "deployed to",
    "backed": "backed",
    "founded_in": "founded in",
    "seated_in": "seated in",
    "part_of": "part of",
}


VEGA_LITE = "https://vega.github.io/schema/vega-lite/v6.json"  # names the format; not fetched


def _when(day: date) -> str:
    """A day as Vega-Lite reads it in the viewer's local time (as the bars' dates are)."""
    return f"{day.isoformat()}T00:00:00"


def relationship_rows(
    records: Iterable[Relationship], name_of: NameOf, horizon_end: date
) -> list[dict[str, str]]:
    """One row per relationship, earliest first: id, label, kind, provenance, start and end
    (an open end at the pack's horizon)."""
    rows = [
        {
            "id": r.id,
            "label": title_of(r, name_of),
            "kind": KIND_LABELS.get(r.kind, r.kind),
            "provenance": r.provenance,
            "start": _when(r.interval.start),
            "end": _when(r.interval.end or horizon_end),
        }
        for r in records
    ]
    return sorted(rows, key=lambda row: row["start"])


def timeline_spec(
    rows: list[dict[str, str]], current: date, until: date | None = None, height_per_row: int = 30
) -> dict[str, Any]:
    """Bars from start to end, coloured by kind; context records lighter; the current date
    marked: a rule at ``current``, or a shaded band from ``current`` to ``until`` (exclusive)
    when the view stands for a longer span.

    Made for a narrow column: each bar's name is written above it across the full width (an
    axis of names would take half of a 300-pixel panel) and says what kind it is; the chart
    has no legends (Streamlit fits the chart to its frame, and a legend takes the bars'
    room): ``KEY`` says in words what colour and fading mean. A plain Vega-Lite spec: built
    through Altair it cost 0.15 s of server CPU a step, a third of a busy server's time."""
    height = max(80, min(900, height_per_row * max(len(rows), 1)))
    y = {"field": "id", "type": "nominal", "sort": None, "title": None, "axis": None}
    text = {"type": "nominal"}
    bars = {
        "mark": {
            "type": "bar",
            "height": max(6, height_per_row // 3),
            "yOffset": height_per_row // 5,
        },
        "encoding": {
            "x": {
                "field": "start",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%Y", "tickCount": 5, "labelFlush": True},
            },
            "x2": {"field": "end"},
            "y": y,
            "color": {
                "field": "kind",
                "type": "nominal",
                "scale": {"scheme": "tableau10"},
                "legend": None,
            },
            "opacity": {
                "field": "provenance",
                "type": "nominal",
                "scale": {"domain": ["stated", "context"], "range": [1.0, 0.45]},
                "legend": None,
            },
            "tooltip": [
                {"field": "label", **text},
                {"field": "kind", **text},
                {"field": "provenance", **text},
                {"field": "start", "type": "temporal"},
                {"field": "end", "type": "temporal"},
            ],
        },
    }
    names = {
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "middle",
            "fontSize": 11,
            "limit": 600,
            "yOffset": -4,
        },
        "encoding": {
            "x": {"value": 0},
            "y": y,
            "text": {"field": "label", **text},
            "tooltip": [{"field": "label", **text}, {"field": "kind", **text}],
        },
    }
    now = {"name": "now"}
    rule = {
        "data": now,
        "mark": {"type": "rule", "color": NOW_COLOUR, "strokeWidth": 2},
        "encoding": {"x": {"field": "now", "type": "temporal"}},
    }
    layers: list[dict[str, Any]] = [bars, names, rule]
    if until is not None and (until - current).days > 1:
        band = {
            "data": now,
            "mark": {"type": "rect", "color": NOW_COLOUR, "opacity": 0.18},
            "encoding": {"x": {"field": "now", "type": "temporal"}, "x2": {"field": "until"}},
        }
        layers.insert(0, band)
    return {
        "$schema": VEGA_LITE,
        "data": {"name": "records"},
        "datasets": {
            "records": rows,
            "now": [{"now": _when(current), "until": _when(until or current)}],
        },
        "height": height,
        "layer": layers,
    }


def arrow_bytes(rows: list[dict[str, str]]) -> bytes:
    """Rows of text as one Arrow IPC stream: how Streamlit sends a chart's named dataset (given
    bytes, it sends them as they are instead of converting the rows on every run)."""
    names = list(rows[0]) if rows else []
    schema = pa.schema([(name, pa.string()) for name in names])
    table = pa.Table.from_pylist(rows, schema=schema)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


# Kept as built (not copied per hit as st.cache_data would): Streamlit reads the spec and
# changes only its own shallow copy.
@st.cache_resource(show_spinner=False, max_entries=512)
def chart_spec(
    path: Path | None, ids: tuple[str, ...], current: date, until: date, horizon_end: date
) -> dict[str, Any]:
    """The Vega-Lite spec of ``timeline_spec`` for the pack's relationships ``ids``, its
    datasets as Arrow bytes (cached: a step inside a span of years with the same map, or back
    to one seen, costs nothing)."""
    from dashboard import data

    pack = data.pack(path)
    records = [pack.records_by_id[i] for i in ids]
    rows = relationship_rows(records, data.namer(path), horizon_end)  # type: ignore[arg-type]
    spec = timeline_spec(rows, current, until)
    spec["datasets"] = {name: arrow_bytes(found) for name, found in spec["datasets"].items()}
    return spec


def show(path: Path | None, records: list[Relationship], shown: tuple[date, date],
         horizon_end: date) -> None:  # fmt: skip
    """The timeline of ``records`` with the ``shown`` span marked, at the panel's width."""
    ids = tuple(r.id for r in records)
    spec = chart_spec(path, ids, shown[0], shown[1], horizon_end)
    st.vega_lite_chart(spec, width="stretch")
