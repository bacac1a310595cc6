"""Altair timelines: relationships as bars over time, with the current date marked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
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


def relationship_frame(
    records: Iterable[Relationship], name_of: NameOf, horizon_end: date
) -> pd.DataFrame:
    """One row per relationship: label, kind, provenance, start and (open ends) end."""
    rows = []
    for r in records:
        interval = r.interval
        rows.append(
            {
                "id": r.id,
                "label": title_of(r, name_of),
                "kind": KIND_LABELS.get(r.kind, r.kind),
                "provenance": r.provenance,
                "start": pd.Timestamp(interval.start),
                "end": pd.Timestamp(interval.end or horizon_end),
            }
        )
    return pd.DataFrame(
        rows, columns=["id", "label", "kind", "provenance", "start", "end"]
    ).sort_values("start")


def timeline_chart(
    frame: pd.DataFrame, current: date, until: date | None = None, height_per_row: int = 30
) -> alt.LayerChart:
    """Bars from start to end, coloured by kind; context records lighter; the current date
    marked: a rule at ``current``, or a shaded band from ``current`` to ``until`` (exclusive)
    when the view stands for a longer span.

    Made for a narrow column: each bar's name is written above it across the full width (an
    axis of names would take half of a 300-pixel panel) and says what kind it is; the chart
    has no legends (Streamlit fits the chart to its frame, and a legend takes the bars'
    room): ``KEY`` says in words what colour and fading mean."""
    height = max(80, min(900, height_per_row * max(len(frame), 1)))
    rows = alt.Y("id:N", sort=None, title=None, axis=None)  # two records may share a title
    bars = (
        alt.Chart(frame)
        .mark_bar(height=max(6, height_per_row // 3), yOffset=height_per_row // 5)
        .encode(
            x=alt.X(
                "start:T", title=None, axis=alt.Axis(format="%Y", tickCount=5, labelFlush=True)
            ),
            x2="end:T",
            y=rows,
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(scheme="tableau10"),
                legend=None,
            ),
            opacity=alt.Opacity(
                "provenance:N",
                scale=alt.Scale(domain=["stated", "context"], range=[1.0, 0.45]),
                legend=None,
            ),
            tooltip=["label", "kind", "provenance", "start:T", "end:T"],
        )
    )
    names = (
        alt.Chart(frame)
        .mark_text(align="left", baseline="middle", fontSize=11, limit=600, yOffset=-4)
        .encode(x=alt.value(0), y=rows, text="label:N", tooltip=["label", "kind"])
    )
    marks = pd.DataFrame(
        {"now": [pd.Timestamp(current)], "until": [pd.Timestamp(until or current)]}
    )
    rule = alt.Chart(marks).mark_rule(color=NOW_COLOUR, strokeWidth=2).encode(x="now:T")
    if until is None or (until - current).days <= 1:
        return alt.layer(bars, names, rule).properties(height=height)
    band = (
        alt.Chart(marks).mark_rect(color=NOW_COLOUR, opacity=0.18).encode(x="now:T", x2="until:T")
    )
    return alt.layer(band, bars, names, rule).properties(height=height)


@st.cache_data(show_spinner=False, max_entries=512)
def chart_spec(
    path: Path | None, ids: tuple[str, ...], current: date, until: date, horizon_end: date
) -> dict[str, Any]:
    """The Vega-Lite spec of ``timeline_chart`` for the pack's relationships ``ids`` (cached:
    Altair builds and checks a spec in about 0.15 s of server CPU; a step inside a span of
    years with the same map, or back to one seen, costs nothing)."""
    from dashboard import data

    pack = data.pack(path)
    records = [pack.records_by_id[i] for i in ids]
    frame = relationship_frame(records, data.namer(path), horizon_end)  # type: ignore[arg-type]
    return timeline_chart(frame, current, until).to_dict()


def show(path: Path | None, records: list[Relationship], shown: tuple[date, date],
         horizon_end: date) -> None:  # fmt: skip
    """The timeline of ``records`` with the ``shown`` span marked, at the panel's width."""
    ids = tuple(r.id for r in records)
    spec = chart_spec(path, ids, shown[0], shown[1], horizon_end)
    st.vega_lite_chart(spec, width="stretch")
