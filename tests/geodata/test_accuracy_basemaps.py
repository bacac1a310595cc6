"""Before CShapes begins (1886): the partition era against historical-basemaps (issue 4).

The snapshots (1783, 1800, 1815, 1880) are coarse, so this is a floor that catches a badly
drawn state, not a target: IoU >= 0.70 and area within 20 % for each listed pair
(``accuracy_report.BASEMAPS_PAIRS``). Skipped when ../shared/reference is absent.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from geodata.sources.accuracy_report import BasemapsScore, basemaps_file, basemaps_scores

pytestmark = [
    pytest.mark.reference,
    pytest.mark.skipif(not basemaps_file(1783).exists(), reason="../shared/reference absent"),
]

FLOOR_IOU = 0.70
FLOOR_AREA = 0.20


@cache
def all_scores() -> tuple[BasemapsScore, ...]:
    return tuple(basemaps_scores())


def test_every_pair_is_above_the_floor() -> None:
    problems = [
        f"{s.day} {'+'.join(s.theirs)} -> {'+'.join(s.ours)}: IoU {s.iou}, area {s.area_ratio}"
        for s in all_scores()
        if s.iou < FLOOR_IOU or abs(s.area_ratio - 1) > FLOOR_AREA
    ]
    assert not problems, "\n".join(problems)


def test_every_snapshot_is_measured() -> None:
    assert {s.day.year for s in all_scores()} == {1783, 1800, 1815, 1880}


def score(day: date, polity: str) -> BasemapsScore:
    return next(s for s in all_scores() if s.day == day and s.ours[0] == polity)


def test_saxony_ireland_and_bavaria_before_1815_are_their_own() -> None:
    # Saxony drawn in its 1815 borders scored 0.33 here; Ireland was drawn inside Britain;
    # Bavaria drawn with Franconia and Swabia before 1803 scored 0.49 with twice the area.
    assert score(date(1783, 7, 1), "saxony").iou >= FLOOR_IOU
    assert score(date(1783, 7, 1), "ireland").iou >= 0.9
    bavaria = score(date(1800, 7, 1), "bavaria")
    assert bavaria.iou >= 0.8
    assert abs(bavaria.area_ratio - 1) <= 0.1
