"""The current slice as a table (relationships, events, organisations) and as CSV.

The page shows at most ``MAX_ROWS`` rows (a big pack's slice has tens of thousands, which no
one reads on screen and which would make every slider step slow); the CSV always has them
all and is built only when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import pandas as pd

from dashboard.view.records import NameOf, kind_of, title_of
from dashboard.view.texts import spreadsheet_cell
from events.timeslice import Shown, Slice

MAX_ROWS = 1_000

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


def _kept(slice_: Slice, keep: set[str] | None) -> Iterator[Shown]:
    for group in (slice_.relationships, slice_.events, slice_.organisations):
        for shown in group:
            if keep is None or shown.record.id in keep:
                yield shown


def row_count(slice_: Slice, keep: set[str] | None = None) -> int:
    return sum(1 for _ in _kept(slice_, keep))


def slice_table(
    slice_: Slice, name_of: NameOf, keep: set[str] | None = None, limit: int | None = None
) -> pd.DataFrame:
    """One row per record in the slice (relationships, then events, then organisations);
    ``keep`` limits it to those ids (e.g. a region), ``limit`` to the first rows."""
    rows = []
    for shown in islice(_kept(slice_, keep), limit):
        r = shown.record
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
    """UTF-8 CSV; text cells go through ``texts.spreadsheet_cell`` (whatever the column's
    dtype: pandas 3 stores text as ``str``, not ``object``)."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(spreadsheet_cell)
    return safe.to_csv(index=False).encode("utf-8")
