"""Dashboard test fixtures: the hand-made mini pack and layer inputs built from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.map.layers import LayerInput
from dashboard.map.styles import PolityRow
from events.model import Pack
from events.pack import load_pack
from events.timeslice import as_of, in_year

MINI_PACK = Path(__file__).resolve().parent / "fixtures" / "mini-pack"
ALL_LAYERS = frozenset(
    {"political", "alliances", "partitions", "deployments", "occupation", "events"}
)
# Hand-made points so the tests need no gazetteer geometry.
POINTS = {
    "soviet-union": (55.75, 37.62),
    "hungary": (47.5, 19.04),
    "poland": (52.23, 21.01),
    "prussia": (52.52, 13.4),
}


@pytest.fixture(scope="session")
def mini_pack() -> Pack:
    return load_pack(MINI_PACK)


def rows(*ids: str, approximate: tuple[str, ...] = ()) -> tuple[PolityRow, ...]:
    return tuple(
        PolityRow(i, i.title(), precision="approximate" if i in approximate else "precise")
        for i in ids
    )


def layer_input(
    pack: Pack,
    *,
    year: int | None = None,
    day: date | None = None,
    polities: tuple[PolityRow, ...] = (),
    layers: frozenset[str] = ALL_LAYERS,
) -> LayerInput:
    slice_ = as_of(pack, day) if day else in_year(pack, year or 1956)
    border_day = day or date(year or 1956, 7, 1)
    return LayerInput(
        pack=pack,
        slice=slice_,
        polities=polities,
        layers=layers,
        border_day=border_day,
        locate=lambda pid, _day: POINTS.get(pid),
        name_of=lambda pid: {"test-pact": "Test Pact"}.get(pid, pid.title()),
    )
