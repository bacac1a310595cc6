"""histatlas dashboard entry point: wires widgets, view state, map and panels (run by Streamlit)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit_folium import st_folium

from dashboard import data
from dashboard.decades import year_frames
from dashboard.map.assets import AssetUrls, ensure_vendor_assets, use_static_dir
from dashboard.map.legend import LAYER_TITLES
from dashboard.map.mapview import Frames, MapView, build_map_parts
from dashboard.panels import changes as what_changed
from dashboard.panels import compare, controls, embed, presentation, review, sources, timeline
from dashboard.panels.table import MAX_ROWS, row_count, slice_table, to_csv
from dashboard.view import context, state, url
from dashboard.view.periods import same_map_span, view_change_years
from dashboard.view.records import in_region
from dashboard.view.state import StateContext, ViewState
from events.model import Pack
from events.pack import PackError
from events.timeslice import Slice
from geodata.polities import load_gazetteer
from geodata.regions import REGIONS

MAP_HEIGHT = 620
MAX_TIMELINE = 80  # rows of the timeline chart; more would be unreadable and slow
LOG = logging.getLogger("histatlas.app")
# What the last full run drew besides the year (see ``explorer``), and its flag.
SS_PAGE = "histatlas.page"
SS_FULL_RUN = "histatlas.full_run"
SS_SEEN_PAGE = "histatlas.seen_page"  # the session's first full page has been drawn


def show_problems(exc: PackError) -> None:
    st.error("This pack did not pass validation, so no map is shown. Problems found:")
    st.code("\n".join(str(p) for p in exc.problems) or "(no details)", language=None)


@st.cache_resource(show_spinner=False)
def view_changes(path: Path | None, horizon: tuple[int, int]) -> list[int]:
    """Years in which the year view changes (cached per pack: a big pack has many records)."""
    return view_change_years(data.pack(path), load_gazetteer().change_dates(), horizon)


def time_controls(ctx: StateContext) -> None:
    first, last = ctx.horizon
    cols = st.columns([1.15, 1, 5, 1, 1.15, 2], vertical_alignment="center")
    cols[0].button(
        "◀◀", key="prev-change", help="previous change", on_click=controls.step_change, args=(-1,)
    )
    cols[1].button(
        "◀", key="prev-year", help="previous year", on_click=controls.step_year, args=(-1,)
    )
    cols[2].slider(
        "Year", min_value=first, max_value=last, key=state.W_YEAR, on_change=controls.on_slider
    )
    cols[3].button("▶", key="next-year", help="next year", on_click=controls.step_year, args=(1,))
    cols[4].button(
        "▶▶", key="next-change", help="next change", on_click=controls.step_change, args=(1,)
    )
    with cols[5]:
        st.checkbox("Exact day", key=controls.W_DAY_MODE, on_change=controls.on_day_mode)
        if st.session_state.get(controls.W_DAY_MODE):
            st.date_input(
                "Day",
                key=state.W_DATE,
                min_value=controls.horizon_day(first, start=True),
                max_value=controls.horizon_day(last, start=False),
                on_change=controls.on_day,
                format="YYYY-MM-DD",
            )


def sidebar(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    with st.sidebar:
        st.header(state.escape_markdown(pack.manifest.title))
        if len(ctx.packs) > 1:
            names = sorted(ctx.packs, key=lambda name: (name != ctx.default_pack, name))
            st.selectbox(
                "Pack",
                names,
                index=names.index(view.pack or ctx.default_pack or names[0]),
                key=controls.W_PACK,
                on_change=controls.on_pack,
                help="the packs this server offers; a link names the pack when not the first",
            )
        st.selectbox(
            "Region",
            options=list(REGIONS),
            format_func=lambda rid: REGIONS[rid].name,
            key=state.W_REGION,
            on_change=controls.on_region,
        )
        st.multiselect(
            "Layers",
            options=list(state.LAYERS),
            format_func=lambda layer: LAYER_TITLES.get(layer, layer),
            key=state.W_LAYERS,
        )
        attribution = "; ".join(
            f"{s.title}, {s.author}, {s.licence}" for s in pack.manifest.sources
        )
        st.caption(
            f"Sources: {state.escape_markdown(attribution)}. "
            "Borders: histatlas gazetteer over Natural Earth."
        )


def framed(path: Path | None, view: ViewState, choice: data.TimeChoice) -> state.Bounds:
    """What the map frames without bounds in the link: the focus, else the region."""
    region = REGIONS.get(view.region, REGIONS["world"]).bounds
    return data.focus_bounds(path, view.focus, choice.border_day) or region  # type: ignore[return-value]


def draw_map(
    path: Path | None, view: ViewState, choice: data.TimeChoice, ctx: StateContext
) -> None:
    try:
        layers, legend = data.view_layers(path, choice, view.layers, view.focus)
        shapes = data.shapes_on(choice.border_day)
    except Exception as exc:  # geodata failed for this date: say so, keep the page usable
        LOG.exception("map of %s failed", choice.border_day)
        st.error(
            f"The map of {choice.border_day.isoformat()} could not be drawn: {type(exc).__name__}"
        )
        return
    base = st.get_option("server.baseUrlPath") or ""
    mv = MapView(
        title=choice.title,
        bounds=controls.map_fit(view, framed(path, view, choice)),
        assets=AssetUrls.for_base_path(base),
        basemap=view.basemap,
    )
    # Years step in the browser from decade files made in the background (an exact day
    # goes through the server): see dashboard.map.yearframes and static/histatlas-map.js.
    frames = None
    if choice.day is None:
        span = same_map_span(view.year, view_changes(path, ctx.horizon), ctx.horizon)
        # Not on a session's first page: its first view draws without a decade being made
        # beside it; the first step or click starts them.
        started = bool(st.session_state.get(SS_SEEN_PAGE))
        files = year_frames(
            path, view.layers, view.focus, (view.year, span[0]), ctx.horizon, start=started
        )
        origin = url.base_view(view, ctx).year
        frames = Frames(span, origin, ctx.horizon[0], ctx.horizon[1], files)
    # The legend sits under the map in the app (over the map it hides land); exports embed it.
    m, overlay = build_map_parts(mv, layers, shapes, frames=frames)
    st_folium(
        m,
        key=controls.W_MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        # Clicks, and bounds and zoom after a move (st_folium reports only when they change).
        returned_objects=["last_active_drawing", "bounds", "zoom"],
        feature_group_to_add=overlay,
        on_change=controls.on_map_change,
    )
    st.markdown(f'<div class="legend-flow">{legend}</div>', unsafe_allow_html=True)


def side_panel(
    path: Path | None, view: ViewState, slice_: Slice, visible: set[str], shown: tuple[date, date]
) -> None:
    pack = data.pack(path)
    index = data.polity_index(path)
    if view.focus in pack.records_by_id:
        with st.container(border=True):
            sources.record_card(pack, pack.records_by_id[view.focus], data.namer(path))
            st.button("Close", key="close-focus", on_click=controls.focus, args=(None,))
    elif view.focus:
        with st.container(border=True):
            polity = load_gazetteer().polities.get(view.focus)
            periods = polity.periods if polity else ()
            lifetime = sources.lifetime_lines(periods, data.namer(path), view.focus)
            horizon_end = date(context.pack_horizon(pack)[1] + 1, 1, 1)
            sources.dossier(path, view.focus, lifetime, shown, horizon_end)
            st.button("Close", key="close-focus", on_click=controls.focus, args=(None,))
    if view.excerpt in pack.excerpts_by_id:
        with st.container(border=True):
            sources.open_excerpt(pack, view.excerpt, data.namer(path))
    current = {e.id for e in slice_.excerpts}
    if view.region == "world":
        shown = {e.id for e in pack.excerpts}
    else:  # the excerpts behind what the map shows in the region
        shown = {link.excerpt for rid in visible for link in pack.records_by_id[rid].excerpts}
    sources.source_panel(pack, current, shown, data.namer(path), index.point)


def shown_dates(slice_: Slice, span: tuple[int, int] | None) -> tuple[date, date]:
    """First day and the day after of what the page stands for: the span of same-map years,
    or the slice's own day or year."""
    if span is None:
        return slice_.first, slice_.after
    return date(span[0], 1, 1), date(span[1] + 1, 1, 1)


def below_map(
    path: Path | None,
    view: ViewState,
    slice_: Slice,
    visible: set[str],
    span: tuple[int, int] | None,
) -> None:
    """Timeline and table. In a year view they hold for the whole ``span`` of years with the
    same map (a slider step inside it does not redraw them), and say so."""
    first, after = shown_dates(slice_, span)
    records = [s.record for s in slice_.relationships if s.record.id in visible]
    st.subheader("Relationships in view")
    if span and span[0] != span[1]:
        st.caption(f"The map is the same in every year from {span[0]} to {span[1]} (shaded).")
    if len(records) > MAX_TIMELINE:  # a big pack: the ones that began nearest the date
        st.caption(
            f"{MAX_TIMELINE} of {len(records)} relationships drawn (those that began most "
            "recently); the table below lists them all."
        )
        records = sorted(records, key=lambda r: r.start.value)[-MAX_TIMELINE:]
    if records:
        timeline.show(path, records, (first, after), after)
    else:
        st.caption("Nothing in this region and period.")
    st.subheader("Table of this period")
    name_of = data.namer(path)
    rows = row_count(slice_, keep=visible)
    if rows > MAX_ROWS:
        st.caption(f"The first {MAX_ROWS:,} of {rows:,} rows; the CSV has them all.")
    table = slice_table(slice_, name_of, keep=visible, limit=MAX_ROWS)
    st.dataframe(table, hide_index=True, width="stretch")
    years = f"{span[0]}-{span[1]}" if span and span[0] != span[1] else str(view.year)
    st.download_button(
        f"Download CSV ({rows:,} rows)",
        # Built when clicked, on its own thread: a big slice's CSV does not slow each step.
        lambda: to_csv(slice_table(slice_, name_of, keep=visible)),
        file_name=f"histatlas-{view.day or years}.csv",
        mime="text/csv",
        key="csv",
        on_click="ignore",
    )


def embedded() -> bool:
    """``?embed=map``: the map alone, for an <iframe> on someone else's page."""
    run = get_script_run_ctx()
    return run is not None and url.wants_embed(run.query_string)


def present(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """Presenter mode: the map and the slide alone, with keys and autoplay."""
    presentation.render(pack, view, ctx)


def share(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """Copy link, embed code, Present and the export downloads."""
    presentation.share_panel(pack, view, ctx)
    embed.embed_code(pack, view, ctx)


def tour(pack: Pack, view: ViewState, ctx: StateContext) -> None:
    """On a tour slide: the tour's caption and slide controls."""
    presentation.tour_bar(pack, view, ctx)


def page_key(view: ViewState, span: tuple[int, int]) -> tuple[object, ...]:
    """Everything outside the map's fragment depends on: the view less its exact year and
    bounds, and the span of years showing the same map (or the exact day)."""
    return (replace(view, year=0, bounds=None), view.day or span)


@st.fragment
def explorer(path: Path | None, ctx: StateContext) -> None:
    """Time controls, title and map. A slider step inside a span of years with the same map
    reruns only this fragment (a few hundred bytes); any other change reruns the page."""
    time_controls(ctx)
    view = controls.widgets_view()
    changes = view_changes(path, ctx.horizon)
    key = page_key(view, same_map_span(view.year, changes, ctx.horizon))
    if st.session_state.pop(SS_FULL_RUN, False):
        st.session_state[SS_PAGE] = key
    elif st.session_state.get(SS_PAGE) != key:
        st.rerun(scope="app")
    choice = data.TimeChoice(view.year, view.day)
    st.markdown(f"#### {choice.title}")
    what_changed.render(path, view, ctx)
    draw_map(path, view, choice, ctx)
    controls.write_url(view, ctx)
    first, last = ctx.horizon
    data.prefetch_years([y for y in (view.year + 1, view.year - 1) if first <= y <= last])


def main() -> None:
    st.set_page_config(page_title="histatlas", layout="wide")
    try:
        ensure_vendor_assets()
    except OSError as exc:  # a read-only install run with `streamlit run`
        st.error(
            f"The map's files cannot be written next to the app ({exc.strerror or exc}). "
            "Start it with `histatlas serve`, which keeps them in your user cache."
        )
        return
    packs = data.offered_packs()
    default_pack = next(iter(packs))
    wanted = st.query_params.get(state.Q_PACK)
    path = packs[wanted] if wanted in packs else packs[default_pack]
    try:
        pack = data.pack(path)
    except PackError as exc:
        show_problems(exc)
        return
    ctx = context.dashboard_context(pack, packs, default_pack)
    if review.wanted():
        review.render(pack, path)
        return
    view = controls.load_view(ctx, view_changes(path, ctx.horizon))
    if embedded():
        embed.render(pack, view, ctx)
        controls.write_url(view, ctx)
        return
    if view.present:
        present(pack, view, ctx)
        controls.write_url(view, ctx)
        return
    sources.style()
    if view.compare is not None:
        sidebar(pack, view, ctx)
        compare.render(path, view, ctx)
        controls.write_url(view, ctx)
        return
    sidebar(pack, view, ctx)
    review.sidebar_entry(pack, path)
    with st.sidebar.expander("Share, present, export"):
        share(pack, view, ctx)
    tour(pack, view, ctx)
    sources.notices(st.session_state.get(state.SS_NOTICES, []))
    map_col, side_col = st.columns([5, 2])
    with map_col:
        st.session_state[SS_FULL_RUN] = True
        explorer(path, ctx)
    view = controls.widgets_view()
    choice = data.TimeChoice(view.year, view.day)
    slice_ = data.time_slice(path, choice)
    points = data.record_points(path)
    visible = {
        s.record.id
        for group in (slice_.relationships, slice_.events, slice_.organisations)
        for s in group
        if view.region == "world" or in_region(points.get(s.record.id, []), view.region)
    }
    span = (
        None if view.day else same_map_span(view.year, view_changes(path, ctx.horizon), ctx.horizon)
    )
    with side_col:
        side_panel(path, view, slice_, visible, shown_dates(slice_, span))
    below_map(path, view, slice_, visible, span)
    st.session_state[SS_SEEN_PAGE] = True


if __name__ == "__main__":  # run by Streamlit (`histatlas serve` imports main instead)
    # Streamlit serves static/ beside this file, wherever the package was installed.
    use_static_dir(Path(__file__).resolve().parent / "static")
    main()
