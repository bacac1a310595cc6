"""Is a server's memory flat after warm-up? The soak's verdict on its RSS samples."""

from __future__ import annotations

from collections.abc import Sequence


def flat_after_warm_up(
    after_warm_up: float, later: Sequence[float], tolerance: tuple[float, float]
) -> dict[str, object]:
    """Flat when no sample taken after warm-up exceeds the post-warm-up RSS by more than
    ``fraction * after_warm_up + megabytes`` (``tolerance``), and the last third of the
    samples is not higher than the first third by more than half that allowance (a steady
    climb that has not reached the limit yet is a leak too). Figures in MB."""
    fraction, megabytes = tolerance
    allowed = round(after_warm_up * fraction + megabytes, 1)
    if not later:
        return {"flat": False, "allowed_growth_mb": allowed, "why": "no samples after warm-up"}
    growth = round(max(later) - after_warm_up, 1)
    third = max(1, len(later) // 3)
    trend = round(max(later[-third:]) - max(later[:third]), 1)
    flat = growth <= allowed and trend <= allowed / 2
    return {
        "flat": flat,
        "allowed_growth_mb": allowed,
        "max_growth_mb": growth,
        "last_third_minus_first_third_mb": trend,
    }
