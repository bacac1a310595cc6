"""The geodata benchmark's statistics and its cold-start runner (one real fresh process)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bench import geodata_bench


def test_stats_are_median_and_nearest_rank_p95_in_milliseconds() -> None:
    samples = [0.001 * value for value in range(1, 21)]  # 1..20 ms
    result = geodata_bench.stats(samples)
    assert result == {"median_ms": 10.5, "p95_ms": 19.0, "n": 20}
    assert geodata_bench.stats([0.5, 0.1, 0.3]) == {"median_ms": 300.0, "p95_ms": 500.0, "n": 3}


def test_a_cold_run_in_an_empty_cache_times_a_fresh_process(tmp_path: Path) -> None:
    result = geodata_bench._cold_runs("map_features", None, 1, None, tmp_path)
    inside, wall = result["in_process"], result["process_wall"]
    assert inside["n"] == wall["n"] == 1
    assert 0 < inside["median_ms"] <= wall["median_ms"]
    folders = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(folders) == 1  # the run got its own cache folder ...
    assert list(folders[0].glob("histatlas/maps-*/maps/*"))  # ... and filled it


def test_a_failing_cold_run_is_reported(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        geodata_bench._cold_runs("no_such_function", None, 1, None, tmp_path)
