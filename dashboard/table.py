"""The current slice as a table (relationships, events, organisations) and as CSV."""

from __future__ import annotations

import pandas as pd

from dashboard.records import NameOf, kind_of, title_of
from events.timeslice import Slice

COLUMNS = [
    "type",
    "id",
    "title",
    "kind",
    "start",
    "end",
    "began_in_period",
    "ended_in_period",
    "provenance",
    "excerpts",
    "note",
]


def slice_table(slice_: Slice, name_of: NameOf, keep: set[str] | None = None) -> pd.DataFrame:
    """One row per record in the slice; ``keep`` limits it to those ids (e.g. a region)."""
    rows = []
    for group in (slice_.relationships, slice_.events, slice_.organisations):
        for shown in group:
            r = shown.record
            if keep is not None and r.id not in keep:
                continue
            rows.append(
                {
                    "type": kind_of(r),
                    "id": r.id,
                    "title": title_of(r, name_of),
                    "kind": r.kind,
                    "start": str(r.start),
                    "end": str(r.end) if r.end else "",
                    "began_in_period": shown.began_in_period,
                    "ended_in_period": shown.ended_in_period,
                    "provenance": r.provenance,
                    "excerpts": " ".join(link.excerpt for link in r.excerpts),
                    "note": r.note,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV. Cells starting with = + - @ are prefixed with ' so spreadsheets never run
    them as formulas (the pack's text is untrusted)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(_defuse)
    return safe.to_csv(index=False).encode("utf-8")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value
