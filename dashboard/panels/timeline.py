"""Altair timelines: relationships as bars over time, with the current date marked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import altair as alt
import pandas as pd

from dashboard.view.records import NameOf, title_of
from events.model import Relationship

NOW_COLOUR = "#D55E00"  # vermilion (Okabe-Ito): the date the view shows
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
    frame: pd.DataFrame, current: date, until: date | None = None, height_per_row: int = 16
) -> alt.LayerChart:
    """Bars from start to end, coloured by kind; context records lighter; the current date
    marked: a rule at ``current``, or a shaded band from ``current`` to ``until`` (exclusive)
    when the view stands for a longer span."""
    height = max(80, min(600, height_per_row * max(len(frame), 1)))
    bars = (
        alt.Chart(frame)
        .mark_bar(height=max(6, height_per_row - 5))
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("kind:N", scale=alt.Scale(scheme="tableau10"), title="kind"),
            opacity=alt.Opacity(
                "provenance:N",
                scale=alt.Scale(domain=["stated", "context"], range=[1.0, 0.45]),
                title="provenance",
            ),
            tooltip=["label", "kind", "provenance", "start:T", "end:T"],
        )
    )
    marks = pd.DataFrame(
        {"now": [pd.Timestamp(current)], "until": [pd.Timestamp(until or current)]}
    )
    rule = alt.Chart(marks).mark_rule(color=NOW_COLOUR, strokeWidth=2).encode(x="now:T")
    if until is None or (until - current).days <= 1:
        return alt.layer(bars, rule).properties(height=height)
    band = (
        alt.Chart(marks).mark_rect(color=NOW_COLOUR, opacity=0.18).encode(x="now:T", x2="until:T")
    )
    return alt.layer(band, bars, rule).properties(height=height)
