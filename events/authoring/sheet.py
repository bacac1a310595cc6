"""Reading a spreadsheet of records: ``.csv`` (UTF-8) or ``.xlsx`` (the first sheet).

Every cell comes back as text with its place (row number as a spreadsheet shows it, column
name), so each problem can be reported as ``FILE:ROW:COLUMN: message``. Formulas are refused
(the value a formula shows is not in the file), as are cells that a spreadsheet would run as a
formula when the file is opened again (text starting with ``=``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from events.authoring.scaffold import SHEET_COLUMNS

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 20_000


@dataclass(frozen=True)
class Row:
    """One data row: its number in the spreadsheet and its non-empty cells by column."""

    number: int
    cells: dict[str, str]


@dataclass
class Sheet:
    name: str
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, row: int | str, column: str, message: str) -> None:
        self.problems.append(f"{self.name}:{row}:{column}: {message}")


def read_sheet(path: Path, name: str | None = None) -> Sheet:
    """The rows of ``path``; problems (bad file, header or cells) are collected, not raised."""
    sheet = Sheet(name or path.name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            sheet.problem(0, "-", f"the file is {size / 2**20:.0f} MB; the limit is 50 MB")
            return sheet
        raw = path.read_bytes()
    except OSError as exc:
        sheet.problem(0, "-", f"cannot read the file: {exc.strerror or exc}")
        return sheet
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _csv_table(raw, sheet)
    elif suffix == ".xlsx":
        table = _xlsx_table(raw, sheet)
    else:
        sheet.problem(0, "-", "not a .csv or .xlsx file")
        return sheet
    if table:
        _rows(table, sheet)
    return sheet


def _csv_table(raw: bytes, sheet: Sheet) -> list[list[object]] | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        sheet.problem(line, "-", f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the sheet "
                      "as 'CSV UTF-8' and import it again")  # fmt: skip
        return None
    if "\x00" in text:
        sheet.problem(0, "-", "the file holds NUL bytes: not a text CSV")
        return None
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as exc:
        sheet.problem(0, "-", f"not readable as CSV: {exc}")
        return None


def _xlsx_table(raw: bytes, sheet: Sheet) -> list[list[object]] | None:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        sheet.problem(0, "-", f"not readable as an .xlsx workbook ({type(exc).__name__})")
        return None
    table: list[list[object]] = []
    for values in book.worksheets[0].iter_rows(values_only=True):
        table.append(list(values))
        if len(table) > MAX_ROWS + 1:
            break
    book.close()
    return table


def _rows(table: list[list[object]], sheet: Sheet) -> None:
    header = [_text(h).strip().lower() for h in table[0]]
    columns: dict[int, str] = {}
    for index, name in enumerate(header):
        letter = _letter(index)
        if not name:
            continue
        if name not in SHEET_COLUMNS:
            sheet.problem(1, letter, f"unknown column {name!r}; the columns are "
                          + ", ".join(SHEET_COLUMNS))  # fmt: skip
        elif name in columns.values():
            sheet.problem(1, letter, f"column {name!r} appears twice")
        else:
            columns[index] = name
    if len(table) - 1 > MAX_ROWS:
        sheet.problem(0, "-", f"more than {MAX_ROWS:,} rows; split the sheet")
        return
    for number, values in enumerate(table[1:], start=2):
        cells: dict[str, str] = {}
        for index, value in enumerate(values):
            if value is None or index not in columns:
                if value not in (None, "") and index not in columns and index >= len(header):
                    sheet.problem(number, _letter(index), "a value outside every column")
                continue
            name = columns[index]
            text = _text(value).strip()
            if not text:
                continue
            if text.startswith("="):
                sheet.problem(number, name, "a formula (or text starting with '='): type the "
                              "value itself")  # fmt: skip
                continue
            if len(text) > MAX_CELL:
                sheet.problem(number, name, f"{len(text):,} characters; the limit is 20,000")
                continue
            cells[name] = text
        if cells:
            sheet.rows.append(Row(number, cells))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _letter(index: int) -> str:
    """The spreadsheet's name of column ``index`` (0 -> A, 26 -> AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
