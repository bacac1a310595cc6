"""dashboard.panels.presentation's pure steps: slides forward and back, years with holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dashboard.panels.presentation import HOLD_TICKS, step_slide, step_year, tick
from dashboard.view.context import context_for
from dashboard.view.state import StateContext, ViewState
from events.pack import load_pack
from tests.dashboard.export.test_export_fixtures import write_pack


def ctx_of(tmp_path) -> StateContext:
    pack = load_pack(write_pack(tmp_path / "pack"))
    return context_for(pack, region_ids={"world", "europe"}, polity_ids=set())


def test_slides_step_forward_and_back_within_the_tour(tmp_path) -> None:
    ctx = ctx_of(tmp_path)
    first = replace(ctx.tour_views["pact-story"][0], present=True)
    second = step_slide(first, ctx, 1)
    assert second is not None
    assert (second.slide, second.day, second.present) == (2, date(1968, 8, 21), True)
    assert second.layers == ("political", "deployments", "events")
    assert step_slide(first, ctx, -1) is None
    last = step_slide(step_slide(second, ctx, 1) or first, ctx, 1)
    assert last is None


def test_year_autoplay_holds_on_change_years_and_stops_at_the_horizon(tmp_path) -> None:
    ctx = ctx_of(tmp_path)
    changes = frozenset({1956})
    view = ViewState(year=1954)
    view, hold = step_year(view, ctx, changes, 0)
    assert (view.year, hold) == (1955, 0)
    view, hold = step_year(view, ctx, changes, hold)
    assert (view.year, hold) == (1956, HOLD_TICKS)
    for remaining in range(HOLD_TICKS - 1, -1, -1):
        view, hold = step_year(view, ctx, changes, hold)
        assert (view.year, hold) == (1956, remaining)
    view, hold = step_year(view, ctx, changes, hold)
    assert view.year == 1957
    end, _ = step_year(ViewState(year=ctx.horizon[1]), ctx, changes, 0)
    assert end is None


def test_tick_moves_slides_in_a_tour_and_years_outside(tmp_path) -> None:
    ctx = ctx_of(tmp_path)
    in_tour = ctx.tour_views["pact-story"][0]
    moved, _ = tick(in_tour, ctx, frozenset(), 0)
    assert moved is not None
    assert moved.slide == 2
    free, _ = tick(ViewState(year=1960, day=in_tour.day), ctx, frozenset(), 0)
    assert free is not None
    assert (free.year, free.day) == (1961, None)


def test_download_files_are_made_on_demand(tmp_path) -> None:
    import json

    from dashboard.panels.downloads import make_export

    pack = load_pack(write_pack(tmp_path / "pack"))
    view = ViewState(year=1968)
    assert "bordurian-troops" in make_export("csv", pack, view, "builtin")
    collection = json.loads(make_export("geojson", pack, view, "builtin"))
    assert collection["type"] == "FeatureCollection"
    assert any("Natural Earth" in line for line in collection["attribution"])
