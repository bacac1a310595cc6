"""Pictures of a view (PNG, SVG, PDF) and a tour's PDF handout: how long a click waits.

In one process, after one warm-up picture (imports, the gazetteer, the first map): each
format on four views (Eastern Europe 1956, Africa 1985, Europe 1795, the world 1968), three
times each, wall time and process CPU; then the built-in pack's longest tour as a handout.
The share panel makes these on click, so the warm figures are what a user waits.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any

VIEWS = (("eastern-europe", 1956), ("africa", 1985), ("europe", 1795), ("world", 1968))
REPEATS = 3
TOUR = "cuba-internationalism-abroad"


def _timed(make: Any) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    size = len(make())
    return time.perf_counter() - wall, time.process_time() - cpu, size


def run() -> dict[str, Any]:
    from dashboard.export import images
    from dashboard.export.frames import Atlas
    from dashboard.view.state import ViewState
    from events.pack import load_pack

    load = os.getloadavg()[0]
    pack, atlas = load_pack(None), Atlas.builtin()
    images.view_image(pack, ViewState(year=1960), "png", atlas)  # warm-up
    result: dict[str, Any] = {}
    for fmt in images.FORMATS:
        walls, cpus, sizes = [], [], []
        for region, year in VIEWS:
            view = ViewState(year=year, region=region)
            for _ in range(REPEATS):
                wall, cpu, size = _timed(lambda v=view, f=fmt: images.view_image(pack, v, f, atlas))
                walls.append(wall)
                cpus.append(cpu)
                sizes.append(size)
        result[fmt] = {
            "median_s": statistics.median(walls),
            "p95_s": sorted(walls)[int(0.95 * (len(walls) - 1))],
            "cpu_median_s": statistics.median(cpus),
            "bytes_median": int(statistics.median(sizes)),
        }
    slides = len(pack.tours_by_id[TOUR].slides)
    wall, cpu, size = _timed(lambda: images.tour_pdf(pack, TOUR, atlas))
    result["tour_pdf"] = {"slides": slides, "wall_s": wall, "cpu_s": cpu, "bytes": size}
    return result | {"load_average_1min": [load, os.getloadavg()[0]], "cpus": os.cpu_count()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
