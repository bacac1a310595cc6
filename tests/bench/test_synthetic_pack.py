"""The synthetic pack generator writes valid, deterministic packs; the pack bench measures them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pack_bench import budgets, measure, percentile, summary, table
from bench.synthetic_pack import generate, main
from events.pack import PackError, load_pack, validate_pack

RECORDS = 300


@pytest.fixture(scope="module")
def small_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(RECORDS, tmp_path_factory.mktemp("synthetic") / "pack")


def test_a_small_generated_pack_validates_clean(small_pack: Path) -> None:
    assert [str(p) for p in validate_pack(small_pack)] == []
    pack = load_pack(small_pack)
    total = len(pack.events) + len(pack.relationships) + len(pack.organisations)
    assert total == RECORDS
    assert len(pack.events) > RECORDS // 3
    assert len(pack.relationships) > RECORDS // 3


def test_every_excerpt_is_quoted_verbatim_by_some_record(small_pack: Path) -> None:
    pack = load_pack(small_pack)
    linked = {
        link.excerpt
        for group in (pack.events, pack.relationships, pack.organisations)
        for record in group
        for link in record.excerpts
    }
    assert linked == {e.id for e in pack.excerpts}
    for record in pack.events:
        for link in record.excerpts:
            assert link.quote in pack.excerpts_by_id[link.excerpt].text


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate(50, tmp_path / "a", seed=7)
    second = generate(50, tmp_path / "b", seed=7)
    other = generate(50, tmp_path / "c", seed=8)
    names = sorted(p.name for p in first.iterdir())
    assert [(first / n).read_bytes() for n in names] == [(second / n).read_bytes() for n in names]
    assert (first / "events.yaml").read_bytes() != (other / "events.yaml").read_bytes()


def test_command_line_writes_the_pack(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--records", "40", "-o", str(tmp_path / "cli")]) == 0
    assert "wrote 40 records" in capsys.readouterr().out
    assert validate_pack(tmp_path / "cli") == []


def test_percentiles_and_summary() -> None:
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([0.0, 10.0], 0.95) == pytest.approx(9.5)
    assert summary([1.0, 2.0, 9.0]) == {"median_s": 2.0, "p95_s": 8.3, "runs": 3}
    assert summary([1.0, 3.0], [0.5, 1.5])["median_cpu_s"] == 1.0


def test_measure_reports_times_and_memory(small_pack: Path) -> None:
    figures = measure(small_pack, 2)
    assert figures["records"] == RECORDS
    for key in ("load", "validate", "as_of", "in_year"):
        assert 0 < figures[key]["median_s"] <= figures[key]["p95_s"]
    # The kernel updates the high-water mark lazily: compare loosely.
    assert figures["peak_rss_mb"] >= 0.9 * figures["rss_with_pack_mb"] > 0
    assert figures["peak_rss_mb"] >= figures["peak_rss_load_mb"] > 0
    assert figures["first_gc_after_load"]["objects"] > RECORDS


def test_budgets_are_judged_and_stated_met_or_missed() -> None:
    big = {
        "records": 100_000,
        "load": {"median_s": 12.0, "p95_s": 13.0, "median_cpu_s": 9.0, "runs": 3},
        "validate": {"median_s": 1.0, "p95_s": 1.0},
        "as_of": {"median_s": 0.05, "p95_s": 0.06},
        "in_year": {"median_s": 0.05, "p95_s": 0.06},
        "peak_rss_mb": 900.0,
        "peak_rss_load_mb": 800.0,
        "first_gc_after_load": {"seconds": 0.9, "objects": 10},
    }
    found = budgets(big)
    assert (found["load_100k_ok"], found["load_100k_cpu_ok"], found["memory_100k_ok"]) == (
        False,
        True,
        True,
    )
    text = table({"packs": {"synthetic-100k": big}, "budgets": found, "load_average_1min": 3.0})
    assert "load <= 10 s: median 12.00 s wall (p95 13.00 s, CPU 9.00 s) - MISSED" in text
    assert "memory <= 2048 MB: peak RSS 900 MB (800 MB after the loads) - met" in text


def test_big_record_files_are_split_into_parts_that_load_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bench.synthetic_pack as synthetic

    monkeypatch.setattr(synthetic, "PART_BYTES", 20_000)
    path = generate(400, tmp_path / "parts")
    parts = sorted(p.name for p in path.glob("events-*.yaml"))
    assert parts, "events are split into events-0002.yaml, ..."
    assert all((path / name).stat().st_size <= 20_000 for name in parts)
    assert validate_pack(path) == []
    pack = load_pack(path)
    assert len(pack.events) + len(pack.relationships) + len(pack.organisations) == 400


def test_loading_pauses_the_garbage_collector_and_restores_it(
    small_pack: Path, tmp_path: Path
) -> None:
    import gc

    assert gc.isenabled()
    load_pack(small_pack)
    validate_pack(small_pack)
    with pytest.raises(PackError):
        load_pack(tmp_path / "missing")
    assert gc.isenabled(), "a pack load, a validation and a failed load leave the GC on"
    gc.disable()
    try:
        load_pack(small_pack)
        assert not gc.isenabled(), "a caller that had it off finds it off"
    finally:
        gc.enable()


def test_a_childs_peak_memory_is_its_own_not_its_parents() -> None:
    """ru_maxrss survives fork and exec: a child of a big process would report the parent."""
    import subprocess
    import sys

    ballast = b"\x01" * (300 * 1024 * 1024)  # touched: 300 MB more than the child needs
    code = "from bench.pack_bench import _peak_rss_mb; print(_peak_rss_mb())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(done.stdout) < 150, f"child peak with {len(ballast):,} bytes in the parent"
