"""Named map regions (Europe, Eastern Europe, Latin America ...) with their bounds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A named view: ``bounds`` = (south, west, north, east) in degrees."""

    id: str
    name: str
    bounds: tuple[float, float, float, float]

    def contains(self, lat: float, lon: float) -> bool:
        south, west, north, east = self.bounds
        return south <= lat <= north and west <= lon <= east


# Bounds are for framing a map view, not political definitions: they overlap on purpose
# (Poland is in Europe and in Eastern Europe; Egypt in Africa and the Middle East).
REGIONS: dict[str, Region] = {
    region.id: region
    for region in (
        Region("world", "World", (-60.0, -180.0, 84.0, 180.0)),
        Region("europe", "Europe", (34.5, -12.0, 71.0, 45.0)),
        Region("eastern-europe", "Eastern Europe", (41.0, 9.5, 57.5, 40.5)),
        Region("western-europe", "Western Europe", (35.5, -11.0, 61.0, 16.5)),
        Region("africa", "Africa", (-35.5, -18.5, 37.6, 52.0)),
        Region("latin-america", "Latin America", (-56.0, -118.0, 32.8, -34.0)),
        Region("middle-east", "Middle East", (12.0, 24.5, 42.0, 63.5)),
        Region("asia", "Asia", (-11.0, 25.0, 78.0, 180.0)),
        Region("north-america", "North America", (14.5, -170.0, 72.0, -52.0)),
    )
}


def regions_of_point(lat: float, lon: float) -> frozenset[str]:
    """Ids of every region whose bounds hold the point (always includes ``world``)."""
    found = {region.id for region in REGIONS.values() if region.contains(lat, lon)}
    found.add("world")
    return frozenset(found)
