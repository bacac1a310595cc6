"""The valid values of a view for one pack: horizon, ids, tours and what each slide shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dashboard.view.state import (
    DEFAULT_LAYERS,
    DEFAULT_REGION,
    LAYERS,
    StateContext,
    ViewState,
    round_bounds,
)
from events.model import Pack, Tour


def pack_horizon(pack: Pack) -> tuple[int, int]:
    """First and last year of the pack's horizon (an imprecise end covers its whole period)."""
    horizon = pack.manifest.horizon
    last = horizon.end.end_day.toordinal() - 1
    return horizon.start.value.year, max(date.fromordinal(last).year, horizon.start.value.year)


def context_for(
    pack: Pack,
    *,
    region_ids: Iterable[str],
    polity_ids: Iterable[str],
    packs: Iterable[str] = (),
    default_pack: str | None = None,
) -> StateContext:
    """The valid values of every parameter for ``pack`` (regions and polities from geodata)."""
    horizon = pack_horizon(pack)
    default_view = pack.manifest.default_view
    default_year = min(max(default_view.year, horizon[0]), horizon[1])
    layers = tuple(x for x in LAYERS if x in set(default_view.layers))
    return StateContext(
        horizon=horizon,
        default_year=default_year,
        region_ids=frozenset(region_ids) | {DEFAULT_REGION},
        record_ids=frozenset(pack.records_by_id),
        polity_ids=frozenset(polity_ids) | {p.id for p in pack.polities},
        excerpt_ids=frozenset(pack.excerpts_by_id),
        tours={t.id: len(t.slides) for t in pack.tours},
        default_layers=layers,
        packs=frozenset(packs),
        default_pack=default_pack,
        tour_views={
            t.id: tuple(slide_view(t, n, layers) for n in range(1, len(t.slides) + 1))
            for t in pack.tours
        },
    )


def dashboard_context(pack: Pack, packs: Iterable[str], default_pack: str) -> StateContext:
    """``context_for`` with the gazetteer's regions and polities: what the app (and the
    server's warm-up of its default view) parse links against."""
    from geodata.polities import load_gazetteer
    from geodata.regions import REGIONS

    return context_for(
        pack,
        region_ids=REGIONS,
        polity_ids=load_gazetteer().ids(),
        packs=packs,
        default_pack=default_pack,
    )


def slide_view(
    tour: Tour, number: int, default_layers: tuple[str, ...] = DEFAULT_LAYERS
) -> ViewState:
    """The view a tour's slide shows (``number`` is 1-based and must exist)."""
    slide = tour.slides[number - 1]
    when = slide.date
    layers = tuple(x for x in LAYERS if x in slide.layers) if slide.layers else default_layers
    return ViewState(
        year=when.value.year,
        day=when.value if when.precision == "day" else None,
        region=slide.region or DEFAULT_REGION,
        bounds=round_bounds(slide.bounds) if slide.bounds else None,
        layers=layers,
        focus=slide.focus[0] if slide.focus else None,
        excerpt=slide.excerpts[0] if slide.excerpts else None,
        tour=tour.id,
        slide=number,
    )
