"""Named regions: bounds are well-formed and points fall in the regions a reader expects."""

from __future__ import annotations

import pytest

from geodata.regions import REGIONS, regions_of_point

CONTRACT_REGIONS = {
    "world",
    "europe",
    "eastern-europe",
    "western-europe",
    "africa",
    "latin-america",
    "middle-east",
    "asia",
    "north-america",
}


def test_every_contract_region_exists_with_sane_bounds() -> None:
    assert set(REGIONS) >= CONTRACT_REGIONS
    for region in REGIONS.values():
        south, west, north, east = region.bounds
        assert -90 <= south < north <= 90
        assert -180 <= west < east <= 180


@pytest.mark.parametrize(
    ("lat", "lon", "inside", "outside"),
    [
        (52.23, 21.01, {"europe", "eastern-europe"}, {"western-europe", "africa"}),  # Warsaw
        (48.86, 2.35, {"europe", "western-europe"}, {"eastern-europe", "asia"}),  # Paris
        (23.11, -82.37, {"latin-america", "north-america"}, {"europe"}),  # Havana
        (-8.84, 13.23, {"africa"}, {"latin-america", "middle-east"}),  # Luanda
        (33.51, 36.29, {"middle-east", "asia"}, {"latin-america"}),  # Damascus
        (39.02, 125.75, {"asia"}, {"europe", "middle-east"}),  # Pyongyang
    ],
)
def test_regions_of_point(lat: float, lon: float, inside: set[str], outside: set[str]) -> None:
    found = regions_of_point(lat, lon)
    assert "world" in found
    assert inside <= found
    assert not (outside & found)
