"""Side panels: sources, the clicked record's card, a polity's dossier (escaped HTML only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import streamlit as st

from dashboard import data
from dashboard.panels import controls, timeline
from dashboard.panels.timeline import KEY
from dashboard.view.records import Locate, NameOf, Record, first_view, kind_of, search, title_of
from dashboard.view.state import Notice, escape_markdown
from dashboard.view.texts import esc, excerpt_html, record_span
from events.model import Pack, Relationship
from geodata.codes import code_pieces

CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
.excerpt { border-left: 4px solid #cccccc; padding: 2px 8px; margin: 4px 0 2px 0;
  font-size: 0.92rem; }
.excerpt.current { border-left-color: #D55E00; background: #fff6ec; }
.excerpt mark { background: #F0E442; padding: 0 1px; }
.excerpt .xid { font-weight: bold; font-family: monospace; }
.excerpt .xline, .excerpt .fnotes, .prov { color: #666666; font-size: 0.8rem; }
.excerpt sup.fn { color: #0072B2; }
.card-title { font-weight: bold; font-size: 1.05rem; }
.prov.context { font-style: italic; }
.legend-flow { column-width: 15rem; font-size: 0.8rem; line-height: 1.3; }
.legend-flow summary { font-weight: bold; cursor: pointer; }
.legend-flow .lg-h { font-weight: bold; margin-top: 0.3rem; break-after: avoid; }
.legend-flow svg { vertical-align: middle; }
</style>"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def notices(items: Iterable[Notice]) -> None:
    for notice in items:
        st.warning(notice.markdown, icon="⚠️")


def _html(text: str) -> None:
    st.markdown(text, unsafe_allow_html=True)


def provenance_html(record: Record) -> str:
    label = (
        "stated: the excerpt says it"
        if record.provenance == "stated"
        else "context: established fact added so the map is right"
    )
    note = f"<br>{esc(record.note)}" if record.note else ""
    return f'<div class="prov {esc(record.provenance)}">{esc(label)}{note}</div>'


def record_card(pack: Pack, record: Record, name_of: NameOf) -> None:
    """The record, its provenance and each linked excerpt with the quoted words marked."""
    kind = f"{kind_of(record)}: {record.kind}"
    details = []
    if isinstance(record, Relationship):
        details.append(f"{esc(name_of(record.subject))} → {esc(name_of(record.object))}")
    for name, value in record.attributes.items():
        details.append(f"{esc(name.replace('_', ' '))}: {esc(value)}")
    _html(
        f'<div class="card-title">{esc(title_of(record, name_of))}</div>'
        f"<div>{esc(kind)} · {esc(record_span(record))}</div>"
        + "".join(f"<div>{d}</div>" for d in details)
        + provenance_html(record)
    )
    quotes: dict[str, list[str]] = {}
    for link in record.excerpts:
        quotes.setdefault(link.excerpt, []).append(link.quote)
    for excerpt_id, quoted in quotes.items():
        excerpt = pack.excerpts_by_id.get(excerpt_id)
        if excerpt is not None:
            _html(excerpt_html(excerpt, quoted))


def _record_buttons(records: Iterable[Record], name_of: NameOf, key: str) -> None:
    for record in records:
        label = f"{title_of(record, name_of)} ({record_span(record)})"
        label = escape_markdown(label)  # button labels render markdown: pack text stays text
        st.button(
            label,
            key=f"{key}-{record.id}",
            on_click=controls.focus,
            args=(record.id,),
            width="stretch",
        )


def open_excerpt(pack: Pack, excerpt_id: str, name_of: NameOf) -> None:
    """An opened excerpt: its text with every supporting quote marked, and its records."""
    excerpt = pack.excerpts_by_id[excerpt_id]
    records = pack.linked_by(excerpt_id)
    quotes = [link.quote for r in records for link in r.excerpts if link.excerpt == excerpt_id]
    st.markdown(f"**Excerpt {esc(excerpt_id)}** supports {len(records)} record(s)")
    _html(excerpt_html(excerpt, quotes))
    _record_buttons(records, name_of, "xr")
    st.button("Close excerpt", key="close-excerpt", on_click=controls.close_excerpt)


# A big pack's panel lists this many excerpts (or search hits); each is a few widgets.
MAX_LISTED = 100


def source_panel(
    pack: Pack,
    current: set[str],
    visible: set[str],
    name_of: NameOf,
    locate: Locate,
) -> None:
    """Search box, then every excerpt (those behind the map now marked), each openable."""
    query = st.text_input("Search excerpts and records", key=controls.W_SEARCH)
    if query:
        hits = search(pack, query, name_of)
        more = len(hits) - MAX_LISTED
        st.caption(
            f"{len(hits)} match(es)" + (f"; the first {MAX_LISTED} listed" if more > 0 else "")
        )
        for hit in hits[:MAX_LISTED]:
            if hit.kind == "excerpt":
                _excerpt_row(pack, hit.id, hit.id in current, locate)
            else:
                st.button(
                    escape_markdown(f"{hit.kind}: {hit.text}"),
                    key=f"hit-{hit.id}",
                    on_click=controls.focus,
                    args=(hit.id,),
                )
        return
    shown = [e for e in pack.excerpts if e.id in visible]
    hidden = len(pack.excerpts) - len(shown)
    if len(shown) > MAX_LISTED:  # a big pack: those behind the map first, then the rest
        shown = sorted(shown, key=lambda e: e.id not in current)[:MAX_LISTED]
    st.caption(
        f"{len(current)} excerpt(s) behind the map now (marked)"
        + (f"; {hidden} outside this region hidden" if hidden else "")
        + (
            f"; {len(shown)} of {len(pack.excerpts) - hidden} listed, search for the others"
            if len(shown) < len(pack.excerpts) - hidden
            else ""
        )
    )
    for excerpt in shown:
        _excerpt_row(pack, excerpt.id, excerpt.id in current, locate)


def _excerpt_row(pack: Pack, excerpt_id: str, current: bool, locate: Locate) -> None:
    excerpt = pack.excerpts_by_id[excerpt_id]
    block = excerpt_html(excerpt)
    if current:
        block = block.replace('class="excerpt"', 'class="excerpt current"', 1)
    _html(block)
    jump = first_view(pack, excerpt_id, locate)
    st.button(
        f"Open {excerpt_id}" + (" and go to its map" if jump else ""),
        key=f"open-{excerpt_id}",
        on_click=controls.open_excerpt,
        args=(excerpt_id, jump.day if jump else None, jump.point if jump else None),
    )


def dossier(
    path: Path | None,
    polity_id: str,
    lifetime: list[str],
    shown: tuple[date, date],
    horizon_end: date,
) -> None:
    """A polity: lifetime, relationships over time (chart, with the ``shown`` span marked),
    its events, and their excerpts."""
    pack, name_of = data.pack(path), data.namer(path)
    st.markdown(f"##### {escape_markdown(name_of(polity_id))}")  # its name, not its id
    for line in lifetime:
        _html(f"<div>{esc(line)}</div>")
    related = [r for r in pack.relationships if polity_id in (r.subject, r.object)]
    events = [
        e
        for e in pack.events
        if polity_id in e.participants or any(p.polity == polity_id for p in e.places)
    ]
    if related:
        timeline.show(path, related, shown, horizon_end)
        st.caption(KEY)
    else:
        st.caption("No relationships in this pack.")
    if events:
        st.markdown("Events at its places")
        _record_buttons(sorted(events, key=lambda e: e.start.value), name_of, "de")
    linked = sorted({link.excerpt for r in [*related, *events] for link in r.excerpts})
    if linked:
        st.markdown("Excerpts behind them")
        for excerpt_id in linked:
            excerpt = pack.excerpts_by_id.get(excerpt_id)
            if excerpt is None:
                continue
            quotes = [
                link.quote
                for r in [*related, *events]
                for link in r.excerpts
                if link.excerpt == excerpt_id
            ]
            _html(excerpt_html(excerpt, quotes))


def lifetime_lines(
    periods: Iterable[object], name_of: NameOf, polity_id: str | None = None
) -> list[str]:
    """``1918-11-11 – 1939-09-01: independent (shape approximate) · COW 290 · GW 290`` for
    each period, cut where its state codes change (COW's and Gleditsch-Ward's own dates)."""
    lines = []
    for period in periods:
        start = getattr(period, "start", None)
        end = getattr(period, "end", None)
        status = str(getattr(period, "status", ""))
        owner = getattr(period, "owner", None)
        text = status
        if owner:
            text += f" of {name_of(owner)}"
        if getattr(period, "precision", "") == "approximate":
            text += " (shape approximate)"
        pieces = [(start, end, getattr(period, "cow", None), None)]
        if polity_id is not None and start is not None:
            pieces = code_pieces(polity_id, start, end, getattr(period, "cow", None))
        for first, after, cow, gwcode in pieces:
            codes = "".join(f" · {k} {v}" for k, v in (("COW", cow), ("GW", gwcode)) if v)
            span = f"{first.isoformat() if first else '?'} – {after.isoformat() if after else ''}"
            lines.append(f"{span}: {text}{codes}")
    return lines
