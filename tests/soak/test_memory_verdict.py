"""The soak's memory verdict: flat after warm-up within a stated tolerance, or not."""

from __future__ import annotations

from tests.soak.memory import flat_after_warm_up

TOLERANCE = (0.05, 40.0)  # 5 % of the post-warm-up RSS plus 40 MB


def test_samples_within_the_allowance_are_flat() -> None:
    verdict = flat_after_warm_up(
        1000.0, [1010.0, 1060.0, 1020.0, 1040.0, 1030.0, 1050.0], TOLERANCE
    )
    assert verdict["flat"] is True
    assert verdict["allowed_growth_mb"] == 90.0
    assert verdict["max_growth_mb"] == 60.0


def test_growth_beyond_the_allowance_is_not_flat() -> None:
    verdict = flat_after_warm_up(1000.0, [1010.0, 1040.0, 1095.0], TOLERANCE)
    assert verdict["flat"] is False
    assert verdict["max_growth_mb"] == 95.0


def test_a_steady_climb_below_the_limit_is_not_flat() -> None:
    climbing = [1000.0 + 10 * i for i in range(9)]  # +80 MB: under 90, but still rising
    verdict = flat_after_warm_up(1000.0, climbing, TOLERANCE)
    assert verdict["flat"] is False
    assert verdict["last_third_minus_first_third_mb"] == 60.0


def test_no_samples_is_no_verdict_of_flat() -> None:
    assert flat_after_warm_up(1000.0, [], TOLERANCE)["flat"] is False
