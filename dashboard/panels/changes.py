"""What changed: under the map's title, the states formed, ended or changed and the
relationships begun or ended in the year shown (or, on an exact day, in the year before it),
and the events in it - each with a link that focuses it and the words of its first excerpt.

The changes come from ``events.diff`` (the same as ``histatlas diff``), cached per pack and
span, so a slider step costs a dictionary lookup after the first visit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.view import url
from dashboard.view.state import StateContext, ViewState, escape_markdown
from events.diff import diff
from events.polityref import PolityIndex

MAX_LISTED = 12  # items a heading lists before "and N more"


def span_of(view: ViewState) -> tuple[date, date, str]:
    """(from, to, words): the year shown, or the year up to the exact day shown."""
    if view.day is not None:
        before = date(view.day.year - 1, view.day.month, min(view.day.day, 28))
        return before, view.day, f"in the year to {view.day.isoformat()}"
    return date(view.year - 1, 12, 31), date(view.year, 12, 31), f"in {view.year}"


@st.cache_resource(show_spinner=False, max_entries=512)  # read only: not copied per hit
def _changes(path: Path | None, first: date, last: date) -> dict[str, Any]:
    pack = data.pack(path)
    return diff(pack, PolityIndex(pack.polities), first, last)


def render(path: Path | None, view: ViewState, ctx: StateContext) -> None:
    first, last, words = span_of(view)
    found = _changes(path, first, last)
    count = counted(found)
    if not count:
        st.caption(f"Nothing in this pack or the gazetteer changed {escape_markdown(words)}.")
        return
    with st.expander(f"What changed {words} ({count})"):
        listing(path, found, view, ctx)


def between(path: Path | None, first: date, last: date) -> dict[str, Any]:
    """The changes from ``first`` to ``last`` (cached)."""
    return _changes(path, first, last)


def counted(found: dict[str, Any]) -> int:
    polities, relations = found["polities"], found["relationships"]
    count = sum(len(v) for v in polities.values()) + sum(len(v) for v in relations.values())
    return count + len(found["events"])


def listing(path: Path | None, found: dict[str, Any], view: ViewState, ctx: StateContext) -> None:
    """The changes as lines: states by kind of change, then records with links and words."""
    pack = data.pack(path)
    polities, relations = found["polities"], found["relationships"]
    name = data.namer(path)
    lines = []
    for title, items in (("States formed", polities["began"]),
                         ("States ended", polities["ended"]),
                         ("Borders, status or name changed", polities["changed"])):  # fmt: skip
        if items:
            shown = ", ".join(escape_markdown(p["name"]) for p in items[:MAX_LISTED])
            more = f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""
            lines.append(f"**{title}:** {shown}{more}")
    for title, items in (("Began", relations["began"]), ("Ended", relations["ended"]),
                         ("Events", found["events"])):  # fmt: skip
        for item in items[:MAX_LISTED]:
            lines.append(f"**{title}:** " + _item(item, pack, view, ctx, name))
        if len(items) > MAX_LISTED:
            lines.append(f"**{title}:** … and {len(items) - MAX_LISTED} more")
    st.markdown("  \n".join(lines))


def _item(item: dict[str, Any], pack: Any, view: ViewState, ctx: StateContext, name: Any) -> str:
    record = pack.records_by_id[item["id"]]
    label = (
        record.title
        if hasattr(record, "title") and record.title
        else f"{name(record.subject)} {record.kind.replace('_', ' ')} {name(record.object)}"
    )
    link = url.query_string(url.to_query(replace(view, focus=record.id), ctx))
    quote = record.excerpts[0].quote if record.excerpts else ""
    words = f" — “{escape_markdown(quote)}” ({escape_markdown(record.excerpts[0].excerpt)})"
    return f"[{escape_markdown(label)}]({link}){words if quote else ''}"
