"""Presenter mode (tours, autoplay), the "Copy link" box and the export download buttons."""

from __future__ import annotations

import html
import logging
from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from dashboard import data
from dashboard.export import frames
from dashboard.export import html as export
from dashboard.map.assets import AssetUrls
from dashboard.map.mapview import MapView, build_map_parts
from dashboard.panels import controls
from dashboard.panels.downloads import render_exports
from dashboard.view import state, url
from dashboard.view.state import StateContext, ViewState
from events.model import Pack
from events.timeslice import change_years
from geodata.regions import REGIONS

LOG = logging.getLogger(__name__)
# Seconds per step; a change year is held HOLD_TICKS extra steps so the audience sees it.
SPEEDS = {"slow (8 s)": 8.0, "normal (5 s)": 5.0, "fast (2 s)": 2.0}
DEFAULT_SPEED = "normal (5 s)"
HOLD_TICKS = 2
PRESENT_MAP_HEIGHT = 640

SS_PLAYING = state.SS_AUTOPLAY
SS_SPEED = state.SS_AUTOPLAY_SPEED
SS_HOLD = "histatlas.autoplay_hold"
SS_FULL_RUN = "histatlas.present_full_run"
W_MAP = "present-map"
W_TOUR_PICK = "present-tour"

# Constant CSS (no user text): hide Streamlit's chrome and the sidebar, large captions.
PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
[data-testid="stMarkdownContainer"] .hx-caption, .hx-caption p { font-size: 1.7rem;
  line-height: 1.35; }
</style>"""


# ---- pure steps (unit tested) -------------------------------------------------------------


def step_slide(view: ViewState, ctx: StateContext, delta: int) -> ViewState | None:
    """The neighbouring slide's view (the presenter's layout kept), None past either end."""
    if view.tour is None or view.slide is None:
        return None
    target = view.slide + delta
    views = ctx.tour_views.get(view.tour, ())
    if not 1 <= target <= len(views):
        return None
    return replace(views[target - 1], present=view.present, basemap=view.basemap)


def step_year(
    view: ViewState, ctx: StateContext, changes: frozenset[int], hold: int
) -> tuple[ViewState | None, int]:
    """One autoplay tick through the years: (next view or None at the end, ticks to hold).

    A year in which something changes is held ``HOLD_TICKS`` extra ticks; while held, the
    view does not move.
    """
    if hold > 0:
        return view, hold - 1
    year = view.year + 1
    if year > ctx.horizon[1]:
        return None, 0
    moved = replace(view, year=year, day=None)
    return moved, HOLD_TICKS if year in changes else 0


def tick(
    view: ViewState, ctx: StateContext, changes: frozenset[int], hold: int
) -> tuple[ViewState | None, int]:
    """One autoplay step: the next slide in a tour, else the next year."""
    if view.tour is not None:
        return step_slide(view, ctx, 1), 0
    return step_year(view, ctx, changes, hold)


# ---- URL as the single source of truth in presenter mode ----------------------------------


def current(ctx: StateContext) -> ViewState:
    query = {k: v for k, v in st.query_params.to_dict().items() if isinstance(v, str)}
    return url.parse_query(query, ctx)[0]


def go(view: ViewState, ctx: StateContext) -> None:
    """Show ``view``: the URL changes, and the next full run re-reads it (also in callbacks)."""
    st.query_params.from_dict(url.to_query(view, ctx))
    controls.forget_written()


def nav(ctx: StateContext, delta: int) -> None:
    view = current(ctx)
    moved = step_slide(view, ctx, delta)
    if moved is None and view.tour is None:
        first, last = ctx.horizon
        moved = replace(view, year=min(max(view.year + delta, first), last), day=None)
    if moved is not None:
        go(moved, ctx)


def _toggle_play(ctx: StateContext) -> None:
    st.session_state[SS_PLAYING] = not st.session_state.get(SS_PLAYING, False)
    st.session_state[SS_HOLD] = 0


def _exit(ctx: StateContext) -> None:
    st.session_state[SS_PLAYING] = False
    go(replace(current(ctx), present=False), ctx)


def _start_tour(ctx: StateContext) -> None:
    tour = st.session_state.get(W_TOUR_PICK)
    views = ctx.tour_views.get(tour or "", ())
    if views:
        go(replace(views[0], present=True), ctx)


# ---- layout -------------------------------------------------------------------------------


def render(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """The projector layout: large map and caption, slide or year controls, autoplay."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    _controls(pack, view, ctx)
    playing = bool(st.session_state.get(SS_PLAYING, False))
    every = SPEEDS.get(st.session_state.get(SS_SPEED, DEFAULT_SPEED), 5.0) if playing else None
    st.session_state[SS_FULL_RUN] = True
    st.fragment(run_every=every)(_stage)(pack, ctx, frozenset(_change_years(pack, ctx)))
    with st.expander("Share and export"):
        copy_link(view, ctx)
        render_exports(pack, view)


def _change_years(pack: Pack, ctx: StateContext) -> list[int]:
    years = set(change_years(pack))
    try:
        from geodata.polities import load_gazetteer

        years |= {d.year for d in load_gazetteer().change_dates()}
    except (ImportError, OSError):
        pass
    return sorted(y for y in years if ctx.horizon[0] <= y <= ctx.horizon[1])


def _controls(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    cols = st.columns([1.2, 1.3, 1.2, 1.3, 1.6, 2.2, 1.2])
    label = "◀ Previous" if view.tour else "◀ Year"
    cols[0].button(label, key="present-prev", on_click=nav, args=(ctx, -1), shortcut="Left")
    cols[1].caption("← → keys, P play/pause, Esc exit")
    label = "Next ▶" if view.tour else "Year ▶"
    cols[2].button(label, key="present-next", on_click=nav, args=(ctx, 1), shortcut="Right")
    playing = bool(st.session_state.get(SS_PLAYING, False))
    cols[3].button(
        "⏸ Pause" if playing else "▶ Play",
        key="present-play",
        on_click=_toggle_play,
        args=(ctx,),
        help="step through the slides" if view.tour else "step through the years",
        shortcut="P",
    )
    if st.session_state.get(SS_SPEED) not in SPEEDS:
        st.session_state[SS_SPEED] = DEFAULT_SPEED
    cols[4].selectbox("Speed", list(SPEEDS), key=SS_SPEED)
    if pack.tours:
        cols[5].selectbox(
            "Tour",
            [t.id for t in pack.tours],
            format_func=lambda tid: pack.tours_by_id[tid].title,
            index=None,
            placeholder="Start a tour…",
            key=W_TOUR_PICK,
            on_change=_start_tour,
            args=(ctx,),
        )
    cols[6].button(
        "Exit presenter", key="present-exit", on_click=_exit, args=(ctx,), shortcut="Esc"
    )


def _stage(pack: Pack, ctx: StateContext, changes: frozenset[int]) -> None:
    """Map and caption; on a timer run (not part of a full run) it first takes one step."""
    view = current(ctx)
    full_run = st.session_state.pop(SS_FULL_RUN, False)
    if not full_run and st.session_state.get(SS_PLAYING, False):
        moved, hold = tick(view, ctx, changes, st.session_state.get(SS_HOLD, 0))
        st.session_state[SS_HOLD] = hold
        if moved is None:
            st.session_state[SS_PLAYING] = False
            st.rerun(scope="app")  # drop the timer: the end of the tour or the horizon
        elif moved != view:
            go(moved, ctx)
            view = moved
    if view.tour:  # inside the fragment, so autoplay updates it
        st.markdown(f"**Slide {view.slide} / {ctx.tours[view.tour]}**")
    else:
        st.markdown(f"**{view.day.isoformat() if view.day else view.year}**")
    _slide_text(pack, view)
    map_col, words_col = st.columns([3, 1])
    with map_col:
        try:
            stage_map(view)
        except Exception:  # in front of an audience: a readable line, the details in the log
            LOG.exception("presenter map failed for %s", url.to_query(view, ctx))
            st.error("The map for this date could not be drawn; the details are in the log.")
    with words_col:
        _words(pack, view)


def _words(pack: Pack, view: ViewState) -> None:
    """The caption, large, and the slide's excerpts, small: beside the map, always in view."""
    caption = _caption(pack, view)
    if caption:
        st.markdown(f'<div class="hx-caption">{_html_text(caption)}</div>', unsafe_allow_html=True)
    tour = pack.tours_by_id.get(view.tour or "")
    ids = tour.slides[view.slide - 1].excerpts if tour is not None and view.slide else []
    for excerpt_id in ids:
        excerpt = pack.excerpts_by_id.get(excerpt_id)
        if excerpt is not None:
            st.caption(f"**{excerpt_id}** {state.escape_markdown(excerpt.text)}")


def _html_text(text: str) -> str:
    return html.escape(text, quote=True)


def _slide_text(pack: Pack, view: ViewState) -> None:
    tour = pack.tours_by_id.get(view.tour or "")
    when = frames.date_label(view)
    if tour is not None and view.slide:
        slide = tour.slides[view.slide - 1]
        st.markdown(f"## {state.escape_markdown(slide.title)}")
        st.markdown(
            f"{state.escape_markdown(tour.title)} · slide {view.slide} of {len(tour.slides)}"
            f" · {state.escape_markdown(when)}"
        )
    else:
        st.markdown(f"## {state.escape_markdown(pack.manifest.title)}: {view.year}")
        st.markdown(state.escape_markdown(when))


def _caption(pack: Pack, view: ViewState) -> str:
    tour = pack.tours_by_id.get(view.tour or "")
    if tour is None or not view.slide:
        return ""
    return tour.slides[view.slide - 1].caption


def stage_map(
    view: ViewState, key: str = W_MAP, height: int = PRESENT_MAP_HEIGHT, fill_frame: bool = False
) -> None:
    """The map of ``view`` alone (no clicks reported back): presenter mode and embeds."""
    path = data.pack_dir(view.pack)
    choice = data.TimeChoice(view.year, view.day)
    layers, legend = data.view_layers(path, choice, view.layers)
    shapes = data.shapes_on(choice.border_day)
    mv = MapView(
        title=choice.title,
        bounds=view.bounds or REGIONS.get(view.region, REGIONS["world"]).bounds,
        assets=AssetUrls.for_base_path(st.get_option("server.baseUrlPath") or ""),
        basemap=view.basemap,
        fill_frame=fill_frame,
    )
    m, overlay = build_map_parts(mv, layers, shapes, legend=legend)
    st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=overlay,
    )


# ---- sharing: links and exports (called by the dashboard) ---------------------------------

COPY_LINK_HTML = """<div style="font:14px sans-serif;display:flex;gap:6px;align-items:center">
<input id="hx-link" readonly style="flex:1;font:13px monospace;padding:4px" aria-label="Link">
<button id="hx-copy" type="button">Copy link</button><span id="hx-done"></span></div>
<script>
(function () {
  var query = JSON.parse(document.getElementById("hx-query").textContent);
  var page = window.parent.location;  // the address the user sees (proxy and base path)
  var link = page.origin + page.pathname + query;
  var box = document.getElementById("hx-link");
  box.value = link;
  document.getElementById("hx-copy").addEventListener("click", function () {
    box.select();
    var done = function () { document.getElementById("hx-done").textContent = "copied"; };
    if (navigator.clipboard) navigator.clipboard.writeText(link).then(done, done);
    else { document.execCommand("copy"); done(); }
  });
})();
</script>"""


def copy_link(view: ViewState, ctx: StateContext) -> None:
    """A "Copy link" box: the link is built in the browser from the address the user sees,
    so it keeps working behind a reverse proxy and under a base path."""
    query = url.query_string(url.to_query(view, ctx))
    data_block = (
        '<script type="application/json" id="hx-query">'
        + export.json_for_script(query)
        + "</script>"
    )
    # Our own markup; the only data in it is the query, escaped for a <script> block.
    st.iframe(data_block + COPY_LINK_HTML, height=44)


def _present(ctx: StateContext) -> None:
    go(replace(current(ctx), present=True), ctx)


def _leave_tour(ctx: StateContext) -> None:
    go(replace(current(ctx), tour=None, slide=None), ctx)


def tour_bar(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """In the dashboard, on a tour slide: where we are in the tour, its caption, its steps."""
    tour = pack.tours_by_id.get(view.tour or "")
    if tour is None or not view.slide:
        return
    slide = tour.slides[view.slide - 1]
    with st.container(border=True):
        st.markdown(
            f"**{state.escape_markdown(tour.title)}** · slide {view.slide} of "
            f"{len(tour.slides)}: {state.escape_markdown(slide.title)}"
        )
        if slide.caption:
            st.markdown(state.escape_markdown(slide.caption))
        cols = st.columns(3)
        cols[0].button("◀ Previous slide", key="tour-prev", on_click=nav, args=(ctx, -1))
        cols[1].button("Next slide ▶", key="tour-next", on_click=nav, args=(ctx, 1))
        cols[2].button("Leave the tour", key="tour-leave", on_click=_leave_tour, args=(ctx,))


def share_panel(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """For the dashboard: Copy link, Present, and the export downloads of this view."""
    copy_link(view, ctx)
    cols = st.columns([1, 4])
    cols[0].button("Present", key="present-start", on_click=_present, args=(ctx,))
    with cols[1]:
        render_exports(pack, view)


def tour_link_query(view: ViewState, ctx: StateContext) -> str:
    """The query of the presenter link for the current view (for docs and tests)."""
    return url.query_string(url.to_query(replace(view, present=True), ctx))
