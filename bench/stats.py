"""Median, p95 and friends for the benchmarks' repeated timings (no numpy needed)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between the closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def seconds_summary(values: Sequence[float], digits: int = 3) -> dict[str, float | int]:
    """n, median, p95, mean and max of timings in seconds, rounded."""
    return {
        "n": len(values),
        "median_s": round(statistics.median(values), digits),
        "p95_s": round(percentile(values, 0.95), digits),
        "mean_s": round(statistics.mean(values), digits),
        "max_s": round(max(values), digits),
    }
