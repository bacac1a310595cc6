"""The map alone for an <iframe> (``?embed=map``), and the embed code the share panel offers.

An embed shows the map with its time controls, its legend and the sources behind it, sized
to whatever frame holds it; everything else (sidebar, panels, Streamlit's chrome) is left
out. Its links open the full dashboard at the same view, in a new tab.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.export import frames
from dashboard.export.html import json_for_script
from dashboard.panels import presentation
from dashboard.view import url
from dashboard.view.state import EMBED_MAP, Q_EMBED, Q_EXCERPT, StateContext, ViewState
from events.model import Event, Pack, Relationship

W_MAP = "embed-map"
W_YEAR = "embed-year"
MAP_HEIGHT = 480  # before the CSS below fits the map to the frame
# Rows above and below the map: controls and the sources line.
CHROME_PX = 118
SNIPPET_HEIGHT = 560
MAX_SOURCES = 12  # excerpt links listed; the rest are counted

# Constant CSS (no user text): no chrome, and the map takes the frame's height.
EMBED_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
footer {{ display: none !important; }}
.block-container {{ padding: 0.4rem 0.6rem 0 0.6rem !important; max-width: 100% !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.3rem !important; }}
iframe[title="streamlit_folium.st_folium"] {{ height: calc(100vh - {CHROME_PX}px) !important;
  min-height: 220px; }}
.hx-embed-sources {{ font-size: 0.8rem; line-height: 1.3; color: #444; }}
</style>"""


def _go_year(ctx: StateContext) -> None:
    view = presentation.current(ctx)
    presentation.go(replace(view, year=int(st.session_state[W_YEAR]), day=None), ctx)


def render(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """The embed layout: one row of time controls, the map, one line of sources."""
    st.markdown(EMBED_CSS, unsafe_allow_html=True)
    first, last = ctx.horizon
    # One row at any frame width (columns would stack in a frame narrower than 640 px).
    row = st.container(horizontal=True, wrap=False, vertical_alignment="center")
    row.button("◀", key="embed-prev", on_click=presentation.nav, args=(ctx, -1))
    st.session_state[W_YEAR] = view.year
    row.slider(
        "Year",
        min_value=first,
        max_value=last,
        key=W_YEAR,
        on_change=_go_year,
        args=(ctx,),
        label_visibility="collapsed",
    )
    row.button("▶", key="embed-next", on_click=presentation.nav, args=(ctx, 1))
    try:
        presentation.stage_map(view, key=W_MAP, height=MAP_HEIGHT, fill_frame=True)
    except Exception:  # on someone else's page: a readable line, the details in the log
        presentation.LOG.exception("embedded map failed for %s", url.to_query(view, ctx))
        st.error("The map for this date could not be drawn.")
    st.markdown(sources_html(pack, view, ctx), unsafe_allow_html=True)


def excerpts_on_map(pack: Pack, view: ViewState) -> list[str]:
    """Excerpt ids behind what the view draws, in corpus order."""
    choice = data.TimeChoice(view.year, view.day)
    sl = data.time_slice(data.pack_dir(view.pack), choice)
    layers = set(view.layers)
    wanted: set[str] = set()
    for group in (sl.relationships, sl.events, sl.organisations):
        for shown in group:
            record: Any = shown.record
            if isinstance(record, Relationship):
                layer = record.layer
            else:
                layer = "events" if isinstance(record, Event) else "alliances"
            if layer in layers:
                wanted |= {link.excerpt for link in record.excerpts}
    return [e.id for e in pack.excerpts if e.id in wanted]


def sources_html(pack: Pack, view: ViewState, ctx: StateContext) -> str:
    """One line: the date, the excerpts behind the map (each opens the full view at it, in
    a new tab) and the sources' licences. Relative links, so a base path is kept."""
    full = url.to_query(view, ctx)
    ids = excerpts_on_map(pack, view)

    def link(query: dict[str, str], text: str) -> str:
        href = html.escape(url.query_string(query) or "?", quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener">{html.escape(text)}</a>'

    shown = [link(full | {Q_EXCERPT: i}, i) for i in ids[:MAX_SOURCES]]
    if len(ids) > MAX_SOURCES:
        shown.append(f"and {len(ids) - MAX_SOURCES} more")
    sources = ", ".join(shown) if shown else "none on this map"
    licences = "; ".join(f"{s.title}: {s.licence}" for s in pack.manifest.sources)
    when = html.escape(frames.date_label(view))
    return (
        f'<div class="hx-embed-sources"><b>{html.escape(pack.manifest.title)}</b> · {when} · '
        f"Sources: {sources} · {link(full, 'Open in histatlas ↗')}"
        f"<br>{html.escape(licences)}; map: Natural Earth (public domain)</div>"
    )


EMBED_CODE_HTML = """<div style="font:14px sans-serif;display:flex;gap:6px;align-items:center">
<input id="hx-embed" readonly style="flex:1;font:12px monospace;padding:4px"
 aria-label="Embed code">
<button id="hx-embed-copy" type="button">Copy embed code</button><span id="hx-embed-done">
</span></div>
<script>
(function () {
  var spec = JSON.parse(document.getElementById("hx-embed-spec").textContent);
  var page = window.parent.location;  // the address the user sees (proxy and base path)
  var src = page.origin + page.pathname + spec.query;
  var attr = function (s) {
    return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  };
  var code = '<iframe src="' + attr(src) + '" title="' + attr(spec.title) +
    '" width="100%" height="' + spec.height + '" style="border:0" loading="lazy"></iframe>';
  var box = document.getElementById("hx-embed");
  box.value = code;
  document.getElementById("hx-embed-copy").addEventListener("click", function () {
    box.select();
    var done = function () { document.getElementById("hx-embed-done").textContent = "copied"; };
    if (navigator.clipboard) navigator.clipboard.writeText(code).then(done, done);
    else { document.execCommand("copy"); done(); }
  });
})();
</script>"""


def embed_query(view: ViewState, ctx: StateContext) -> str:
    """The query of the embed of ``view``: its link plus ``embed=map``."""
    return url.query_string(url.to_query(view, ctx) | {Q_EMBED: EMBED_MAP})


def embed_code(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """A box with the <iframe> code of this view, built in the browser from the address the
    user sees, so it keeps working behind a reverse proxy and under a base path."""
    spec = {
        "query": embed_query(view, ctx),
        "title": f"histatlas: {pack.manifest.title}, {frames.date_label(view)}",
        "height": SNIPPET_HEIGHT,
    }
    block = f'<script type="application/json" id="hx-embed-spec">{json_for_script(spec)}</script>'
    # Our own markup; the only data in it is the spec, escaped for a <script> block.
    st.iframe(block + EMBED_CODE_HTML, height=44)
