"""Safe HTML snippets for tooltips and panels: every untrusted text is escaped here."""

from __future__ import annotations

import html
import re
from datetime import date

from events.corpus import Excerpt
from events.dates import HistDate, Interval
from events.model import Event, Organisation, Relationship

_MARKERS = re.compile(r"\[\d+\]")


def esc(text: object) -> str:
    """HTML-escaped text (quotes too), safe inside elements and attribute values."""
    return html.escape(str(text), quote=True)


def spreadsheet_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ (or tab/CR) is quoted
    with '. Pack text is untrusted, and CSV files end up in spreadsheets."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def day_text(day: date) -> str:
    """``1 July 1956`` (no leading zero, English month)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def hist_text(value: HistDate) -> str:
    """A pack date as precise as it is known: ``1955``, ``May 1955`` or ``14 May 1955``."""
    v = value.value
    if value.precision == "year":
        return f"{v.year}"
    if value.precision == "month":
        return f"{v.strftime('%B')} {v.year}"
    return day_text(v)


def span_text(start: HistDate, end: HistDate | None, *, point: bool = False) -> str:
    """``14 May 1955 – 1 July 1991``; without an end, ``since 1961`` for what lasts and the
    date alone for an event (``14 May 1955``: it happened then); approximate parts marked c."""
    if end is None and point:
        return hist_text(start)
    first = hist_text(start) if start.precision == "day" else f"c. {hist_text(start)}"
    if end is None:
        return f"since {first}"
    last = hist_text(end) if end.precision == "day" else f"c. {hist_text(end)}"
    return f"{first} – {last}"


def interval_text(interval: Interval) -> str:
    """A gazetteer period: ``11 November 1918 – 1 September 1939`` (end exclusive)."""
    first = day_text(interval.start)
    if interval.approximate_start:
        first = f"c. {interval.start.year}"
    if interval.end is None:
        return f"{first} –"
    last = f"c. {interval.end.year}" if interval.approximate_end else day_text(interval.end)
    return f"{first} – {last}"


def highlight(text: str, quotes: list[str] | tuple[str, ...]) -> str:
    """``text`` escaped, with every occurrence of each quote wrapped in ``<mark>``.

    Overlapping quotes merge into one mark; footnote markers such as ``[12]`` are kept
    (they are part of the excerpt) and shown as superscripts.
    """
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        if not quote:
            continue
        start = text.find(quote)
        while start >= 0:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    out: list[str] = []
    cursor = 0
    for first, last in merged:
        out.append(_with_markers(text[cursor:first]))
        out.append(f"<mark>{_with_markers(text[first:last])}</mark>")
        cursor = last
    out.append(_with_markers(text[cursor:]))
    return "".join(out)


def _with_markers(part: str) -> str:
    pieces: list[str] = []
    cursor = 0
    for match in _MARKERS.finditer(part):
        pieces.append(esc(part[cursor : match.start()]))
        pieces.append(f'<sup class="fn">{esc(match.group(0))}</sup>')
        cursor = match.end()
    pieces.append(esc(part[cursor:]))
    return "".join(pieces)


def excerpt_html(excerpt: Excerpt, quotes: list[str] | tuple[str, ...] = ()) -> str:
    """An excerpt as a block: its id and line, the text with quotes marked, its footnotes."""
    notes = ""
    if excerpt.footnotes:
        markers = " ".join(f"[{esc(n)}]" for n in excerpt.footnotes)
        notes = f'<div class="fnotes">footnotes of this sentence: {markers}</div>'
    return (
        f'<div class="excerpt"><span class="xid">{esc(excerpt.id)}</span> '
        f'<span class="xline">line {excerpt.line}</span>'
        f"<div>{highlight(excerpt.text, quotes)}</div>{notes}</div>"
    )


def record_span(record: Event | Relationship | Organisation) -> str:
    """A record's dates as ``span_text`` says them (an event without an end: its date)."""
    return span_text(record.start, record.end, point=isinstance(record, Event))
