"""Your own sources in the dashboard: import a spreadsheet into the open pack, and review the
candidates ``histatlas ingest`` proposed - accept, reject, or edit and accept, one by one or
in bulk - each shown with its excerpt (the quoted words marked) and a small map.

Only a pack given with ``serve --pack`` can be written; the built-in pack is read-only.
Every write goes through ``events.authoring`` (validated first, atomic), then the caches are
dropped so every panel shows the pack as it now is.
"""

from __future__ import annotations

import html
import io
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.panels.controls import seed
from dashboard.view.state import SS_VIEW, escape_markdown
from events.authoring.importer import ImportError_, import_sheet
from events.authoring.review import ReviewError, apply
from events.model import Event, Organisation, Pack, Relationship

SS_OPEN = "histatlas.review.open"
SS_MESSAGE = "histatlas.review.message"
PAGE = 10
Record = Relationship | Event | Organisation


def wanted() -> bool:
    return bool(st.session_state.get(SS_OPEN))


def sidebar_entry(pack: Pack, path: Path | None) -> None:
    """The sidebar's "Your sources" box: the review button and the spreadsheet import."""
    if path is None:
        return  # the built-in pack is not written to
    with st.sidebar.expander("Your sources: import, review", expanded=bool(pack.candidates)):
        if pack.candidates:
            st.button(f"Review {pack.candidates:,} candidates", key="review-open",
                      on_click=lambda: st.session_state.update({SS_OPEN: True}))  # fmt: skip
        upload = st.file_uploader("Import a spreadsheet (.csv, .xlsx)", type=["csv", "xlsx"],
                                  key="import-file")  # fmt: skip
        if upload is not None and st.button("Import into this pack", key="import-go"):
            _import(upload.name, upload.getvalue(), path)
        _message()


def _import(name: str, content: bytes, path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="histatlas-upload-") as scratch:
        file = Path(scratch) / ("upload" + Path(name).suffix.lower())
        file.write_bytes(content)
        try:
            report = import_sheet(file, path, name=name)
        except ImportError_ as exc:
            st.session_state[SS_MESSAGE] = ("error", f"{name}: nothing imported", exc.lines)
        except OSError as exc:  # a read-only pack folder, a full disk
            why = f"the pack's folder cannot be written ({exc.strerror or exc})"
            st.session_state[SS_MESSAGE] = ("error", f"{name}: nothing imported", [why])
        else:
            st.session_state[SS_MESSAGE] = ("success", report.summary().splitlines()[0],
                                            report.summary().splitlines()[1:])  # fmt: skip
            _reload()


def _message() -> None:
    kind, title, lines = st.session_state.pop(SS_MESSAGE, (None, "", []))
    if kind is None:
        return
    (st.error if kind == "error" else st.success)(escape_markdown(title))
    if lines:
        st.code("\n".join(lines), language=None)


def _close() -> None:
    """Back to the map: its widgets were not drawn meanwhile, so Streamlit dropped their
    values; put the view they showed back into them."""
    st.session_state[SS_OPEN] = False
    if SS_VIEW in st.session_state:
        seed(st.session_state[SS_VIEW])


def _reload() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()
    st.rerun()


def render(pack: Pack, path: Path | None) -> None:
    """The review page, in place of the map."""
    st.button("← Back to the map", key="review-close", on_click=_close)
    st.header(f"Review candidates · {escape_markdown(pack.manifest.title)}")
    _message()
    candidates = [r for r in pack.records_by_id.values() if r.is_candidate]
    if path is None or not candidates:
        st.info("No candidates left to review: every record of this pack is reviewed.")
        return
    st.caption("Proposed by `histatlas ingest` from the text: check each against its excerpt. "
               "Until accepted they are drawn apart on the map (magenta, dashed) and marked "
               "'unreviewed'.")  # fmt: skip
    kinds = sorted({_kind(r) for r in candidates})
    cols = st.columns([3, 2, 2])
    chosen = cols[0].multiselect("Kinds", kinds, default=kinds, key="review-kinds")
    floor = cols[1].slider("Confidence at least", 0.0, 1.0, 0.0, 0.05, key="review-floor")
    shown = [r for r in candidates if _kind(r) in chosen and (r.confidence or 0) >= floor]
    shown.sort(key=lambda r: (-(r.confidence or 0), r.id))
    with cols[2]:
        st.write(f"{len(shown):,} of {len(candidates):,} shown")
        if shown and st.button(f"Accept all {len(shown):,} shown", key="review-accept-all"):
            _decide(path, accept=[r.id for r in shown])
        if shown and st.button(f"Reject all {len(shown):,} shown", key="review-reject-all"):
            _decide(path, reject=[r.id for r in shown])
    pages = max(1, -(-len(shown) // PAGE))
    page = st.number_input("Page", 1, pages, 1, key="review-page") if pages > 1 else 1
    for record in shown[(page - 1) * PAGE : page * PAGE]:
        _card(pack, path, record)


def _kind(record: Record) -> str:
    return record.kind if isinstance(record, Relationship) else type(record).__name__.lower()


def _card(pack: Pack, path: Path, record: Record) -> None:
    with st.container(border=True, key=f"candidate-{record.id}"):
        label = _label(pack, record)
        dates = str(record.start) + (f" to {record.end}" if record.end else "")
        sure = f"confidence {record.confidence or 0:.2f}"
        what = " · ".join(escape_markdown(x) for x in (_kind(record), dates, sure))
        st.markdown(f"**{escape_markdown(label)}** · {what}")
        for link in record.excerpts:
            text = pack.excerpts_by_id[link.excerpt].text
            st.markdown(f"`{link.excerpt}` " + _marked(text, link.quote), unsafe_allow_html=True)
        left, middle, right = st.columns([1, 1, 4])
        if left.button("Accept", key=f"accept-{record.id}", type="primary"):
            _decide(path, accept=[record.id])
        if middle.button("Reject", key=f"reject-{record.id}"):
            _decide(path, reject=[record.id])
        with right.expander("Edit, then accept"):
            _edit_form(path, record)
        # Drawn only when asked: a picture costs about a second.
        if st.toggle("Map preview", key=f"preview-{record.id}"):
            st.image(preview_png(pack, record), width=360)


def _label(pack: Pack, record: Record) -> str:
    if isinstance(record, Relationship):
        subject, target = _name(pack, record.subject), _name(pack, record.object)
        return f"{subject} {record.kind.replace('_', ' ')} {target}"
    return record.title if isinstance(record, Event) else record.name


def _name(pack: Pack, some_id: str) -> str:
    """An organisation's or a state's name (the id when neither knows it)."""
    from geodata.polities import load_gazetteer

    if some_id in pack.organisations_by_id:
        return pack.organisations_by_id[some_id].name
    gazetteer = load_gazetteer()
    return gazetteer.get(some_id).name if some_id in gazetteer.polities else some_id


def _marked(text: str, quote: str) -> str:
    """The excerpt, escaped, with the quoted words in <mark> (markdown characters escaped)."""
    at = text.find(quote)
    if at < 0:
        return escape_markdown(html.escape(text))
    parts = (text[:at], text[at : at + len(quote)], text[at + len(quote) :])
    before, words, after = (escape_markdown(html.escape(p)) for p in parts)
    return f"{before}<mark>{words}</mark>{after}"


def _edit_form(path: Path, record: Record) -> None:
    with st.form(key=f"edit-{record.id}"):
        changes: dict[str, Any] = {
            "start": st.text_input("Start", str(record.start)),
            "end": st.text_input("End (empty: open)", str(record.end or "")),
        }
        if isinstance(record, Relationship):
            changes["subject"] = st.text_input("Subject (id)", record.subject)
            changes["object"] = st.text_input("Object (id)", record.object)
            kinds = ["member_of", "partitioned", "annexed", "occupied", "deployed_to", "backed",
                     "seated_in", "part_of"]  # fmt: skip
            changes["kind"] = st.selectbox("Kind", kinds, index=kinds.index(record.kind))
        elif isinstance(record, Event):
            place = record.places[0]
            polity = st.text_input("Place: polity id", place.polity or "")
            fields = (("polity", polity or None), ("lat", place.lat), ("lon", place.lon),
                      ("label", place.label))  # fmt: skip
            changes["places"] = [{k: v for k, v in fields if v is not None}]
        if st.form_submit_button("Save and accept"):
            _decide(path, edits={record.id: changes})


def _decide(path: Path, **decisions: Any) -> None:
    try:
        outcome = apply(path, **decisions)
    except ReviewError as exc:
        st.session_state[SS_MESSAGE] = (
            "error",
            "Not saved: the pack would not be valid",
            exc.lines,
        )
        st.rerun()
    except OSError as exc:  # a read-only pack folder, a full disk
        why = [f"the pack's folder cannot be written ({exc.strerror or exc})"]
        st.session_state[SS_MESSAGE] = ("error", "Not saved", why)
        st.rerun()
    else:
        st.session_state[SS_MESSAGE] = ("success", f"Saved: {outcome.summary()}", [])
        _reload()


def preview_png(pack: Pack, record: Record) -> bytes:
    """A small picture of where the record is: its states filled, its place marked."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from geodata.geometry import exact_shapes

    day = record.start.value
    shapes = exact_shapes(day)
    ids = []
    points = []
    if isinstance(record, Relationship):
        ids = [record.subject, record.object]
    else:
        places = record.places if isinstance(record, Event) else [record.seat]
        for place in places:
            if place.polity:
                ids.append(place.polity)
            if place.lat is not None and place.lon is not None:
                points.append((place.lon, place.lat))
    mine = [shapes[i] for i in ids if i in shapes]
    figure = Figure(figsize=(4, 2.6), dpi=90)
    axes = figure.add_subplot()
    bounds = [s.bounds for s in mine] + [(x, y, x, y) for x, y in points]
    if bounds:
        west, south = min(b[0] for b in bounds) - 4, min(b[1] for b in bounds) - 3
        east, north = max(b[2] for b in bounds) + 4, max(b[3] for b in bounds) + 3
        axes.set_xlim(west, east)
        axes.set_ylim(south, north)
    view = None
    if bounds:
        from shapely.geometry import box

        view = box(west, south, east, north)
    for polity_id, shape in shapes.items():
        if view is not None and not shape.intersects(view):
            continue  # off the picture
        colour = {0: "#E69F00", 1: "#56B4E9"}.get(ids.index(polity_id) if polity_id in ids else -1,
                                                 "#EEEEEE")  # fmt: skip
        for part in getattr(shape, "geoms", [shape]):
            if hasattr(part, "exterior"):
                axes.fill(*part.exterior.xy, color=colour, linewidth=0.3, edgecolor="#888888")
    for x, y in points:
        axes.plot(x, y, "o", color="#C2188B", markersize=7)
    axes.set_axis_off()
    axes.set_aspect("equal", adjustable="box")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
