"""The slice as a table: which rows, in which order, the cap on screen and the CSV."""

from __future__ import annotations

import csv
import io

from dashboard.panels.table import COLUMNS, row_count, slice_table, to_csv
from events.pack import load_pack
from events.timeslice import in_year


def name_of(polity_id: str) -> str:
    return polity_id.upper()


def test_every_record_of_the_slice_is_a_row_in_slice_order() -> None:
    slice_ = in_year(load_pack(), 1956)
    table = slice_table(slice_, name_of)
    expected = [
        s.record.id for g in (slice_.relationships, slice_.events, slice_.organisations) for s in g
    ]
    assert list(table["id"]) == expected
    assert row_count(slice_) == len(expected)
    assert list(table.columns) == COLUMNS


def test_keep_and_limit_choose_the_rows_shown() -> None:
    slice_ = in_year(load_pack(), 1956)
    keep = {"hungarian-rising", "soviet-troops-hungary", "warsaw-pact"}
    kept = slice_table(slice_, name_of, keep=keep)
    assert set(kept["id"]) == keep & {
        s.record.id for s in slice_.relationships + slice_.events + slice_.organisations
    }
    assert row_count(slice_, keep) == len(kept)
    first_two = slice_table(slice_, name_of, keep=keep, limit=2)
    assert list(first_two["id"]) == list(kept["id"])[:2]


def test_the_csv_has_every_row_and_defuses_formulas() -> None:
    slice_ = in_year(load_pack(), 1968)
    table = slice_table(slice_, name_of)
    table.loc[0, "note"] = '=HYPERLINK("http://x")'
    table.loc[1, "title"] = "@SUM(1)"
    rows = list(csv.DictReader(io.StringIO(to_csv(table).decode("utf-8"))))
    assert len(rows) == row_count(slice_)
    assert rows[0]["note"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["title"] == "'@SUM(1)"
    assert rows[2]["id"] == table.loc[2, "id"]
    assert rows[2]["began_in_period"] in {"True", "False"}
