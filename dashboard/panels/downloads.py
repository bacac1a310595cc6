"""The share panel's downloads: the view as HTML, a picture, GeoJSON or CSV; a tour too.

Files are made only when their button is clicked (deferred data), not on every rerun.
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import data
from dashboard.export import datafiles as export_data
from dashboard.export import frames, images
from dashboard.export import html as export
from dashboard.view.state import ViewState
from events.model import Pack


def make_export(kind: str, pack: Pack, view: ViewState, borders: str) -> str | bytes:
    """One export file. Runs when its button is clicked, outside the script run: pure."""
    atlas = frames.Atlas.builtin(borders) if kind != "csv" else None
    if kind in images.FORMATS:
        return images.view_image(pack, view, kind, atlas)
    if kind == "tour-pdf":
        return images.tour_pdf(pack, view.tour or "", atlas)
    if kind == "html":
        return export.view_html(pack, view, atlas)
    if kind == "geojson":
        return export_data.view_geojson(pack, view, atlas)
    if kind == "tour":
        return export.tour_html(pack, view.tour or "", atlas)
    return export_data.view_csv(pack, view)


def render_exports(pack: Pack, view: ViewState) -> None:
    """Download buttons for the view (HTML, PNG, PDF, GeoJSON, CSV) and the open tour."""
    stem = f"histatlas-{view.day or view.year}"
    borders = data.borders()
    files = [
        ("html", "Map as HTML (offline)", f"{stem}.html", "text/html"),
        ("png", "Picture (PNG)", f"{stem}.png", "image/png"),
        ("pdf", "For print (PDF)", f"{stem}.pdf", "application/pdf"),
        ("geojson", "GeoJSON", f"{stem}.geojson", "application/geo+json"),
        ("csv", "Records as CSV", f"{stem}-records.csv", "text/csv"),
    ]
    if view.tour in pack.tours_by_id:
        files.append(("tour", "Tour as HTML (offline)", f"tour-{view.tour}.html", "text/html"))
        files.append(("tour-pdf", "Tour handout (PDF)", f"tour-{view.tour}.pdf", "application/pdf"))
    row = st.container(horizontal=True, wrap=True)  # buttons wrap in a narrow sidebar
    for kind, label, name, mime in files:
        row.download_button(
            label,
            data=functools.partial(make_export, kind, pack, view, borders),
            file_name=name,
            mime=mime,
            key=f"export-{kind}",
            on_click="ignore",
        )
