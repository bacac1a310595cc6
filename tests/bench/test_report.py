"""`make bench`'s table: every bench's headline figures, budgets met or missed, gaps as dashes."""

from __future__ import annotations

from bench.__main__ import modules
from bench.bigpack_bench import budgets
from bench.report import render, rows
from bench.stats import percentile, seconds_summary
from bench.stepper import NetLog

RESULTS = {
    "pack_bench": {
        "measured_at": "2026-11-25 19:20 UTC",
        "load_average_1min": 1.5,
        "packs": {"synthetic-100k": {"load": {"median_s": 12.5, "p95_s": 13.0}}},
        "budgets": {"load_100k_ok": False},
    },
    "dashboard_bench": {
        "measured_at": "2026-11-25 19:25 UTC",
        "load_average_1min": 2.0,
        "histatlas": {"median_s": 0.41, "p95_s": 0.52, "max_unchanged_step_bytes": 3200},
        "naive": {"median_s": 2.0, "p95_s": 2.4},
        "ratio_mean_step": 0.21,
        "budgets_met": {"ratio_at_most_0.3": True, "unchanged_step_under_5kb": True},
    },
    "bigpack_bench": {
        "synthetic-100k": {"warm": {"median_s": 0.8, "p95_s": 1.4, "bytes_median": 120_000}},
        "budgets_met": {"step_100k_median_at_most_1s": True, "step_100k_p95_at_most_1s": False},
    },
    "coldstart_bench": {"caches_absent": {"first_map": {"median_s": 14.2, "p95_s": 15.0}}},
}


def _row(what: str, pack: str):
    return next(r for r in rows(RESULTS) if r.what == what and r.pack == pack)


def test_figures_land_in_their_rows_with_units() -> None:
    load = _row("pack load", "100k")
    assert (load.median, load.p95, load.budget, load.verdict) == (
        "12.50 s",
        "13.00 s",
        "<= 10 s",
        "MISSED",
    )
    step = _row("slider step, warm", "default")
    assert (step.median, step.p95) == ("410 ms", "520 ms")
    assert _row("step time / naive (mean)", "default").verdict == "met"
    assert _row("bytes, step map same", "default").p95 == "max 3.2 KB"
    assert _row("first map in browser, caches absent", "default").median == "14.20 s"


def test_a_p95_over_budget_is_shown_beside_a_median_within_it() -> None:
    assert _row("slider step, warm", "100k").verdict == "met (p95 MISSED)"


def test_missing_figures_are_dashes_not_errors() -> None:
    assert _row("pack load", "default").median == "-"
    assert _row("server RSS after steps", "10k").median == "-"
    assert rows({}) != []


def test_the_table_says_when_each_bench_ran_and_under_what_load() -> None:
    text = render(RESULTS)
    assert "pack_bench: measured 2026-11-25 19:20 UTC" in text
    assert "load average 2.0" in text
    header, rule = text.splitlines()[:2]
    assert header.split() == ["bench", "what", "pack", "median", "p95", "budget", "verdict"]
    assert set(rule.replace(" ", "")) == {"-"}


def test_percentile_interpolates_and_summary_rounds() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([1.0, 2.0], 0.95) == 1.95
    figures = seconds_summary([0.2, 0.4, 0.6])
    assert figures == {"n": 3, "median_s": 0.4, "p95_s": 0.58, "mean_s": 0.4, "max_s": 0.6}


def test_requests_leaving_the_machine_are_told_apart_from_loopback() -> None:
    net = NetLog()
    net.requests += [
        "http://127.0.0.1:8501/app/static/x.json",
        "ws://localhost:8501/_stcore/stream",
        "data:image/png;base64,AAAA",
        "https://tile.openstreetmap.org/1/0/0.png",
    ]
    assert net.outside() == ["https://tile.openstreetmap.org/1/0/0.png"]


def test_big_pack_budgets_follow_the_figures() -> None:
    quick = {"warm": {"median_s": 0.7, "p95_s": 1.2}, "rss_end_mb": 1500.0}
    assert budgets(quick) == {
        "step_100k_median_at_most_1s": True,
        "step_100k_p95_at_most_1s": False,
        "server_rss_100k_at_most_2gb": True,
    }
    never_drawn = {"timed_out": "warm steps: not drawn within 180 s", "rss_end_mb": 2500.0}
    assert budgets(never_drawn) == {
        "step_100k_median_at_most_1s": False,
        "step_100k_p95_at_most_1s": False,
    }
    assert budgets({}) == {}


def test_bench_selectors_name_modules_exactly_before_matching_parts() -> None:
    assert modules(["pack"]) == ["pack_bench"]
    assert modules(["pack_bench", "cold"]) == ["coldstart_bench", "pack_bench"]
    assert "bigpack_bench" in modules([])


def test_geodata_rows_hold_issue_4s_targets() -> None:
    geo = {
        "geodata_bench": {
            "warm": {"median_ms": 0.3, "p95_ms": 7.0},
            "cold_start": {"median_ms": 2300.0, "p95_ms": 3100.0},
        }
    }
    found = {r.what: r for r in rows(geo) if r.bench == "geodata"}
    warm = found["shapes for a date, warm"]
    cold = found["shapes, fresh interpreter (map cache present)"]
    assert (warm.median, warm.budget, warm.verdict) == ("0.3 ms", "<= 50 ms", "met")
    assert (cold.median, cold.budget, cold.verdict) == ("2.30 s", "<= 2.00 s", "MISSED")
    assert found["shapes, period not built yet"].verdict == ""


def test_the_markdown_page_says_it_is_generated_and_holds_every_row() -> None:
    from bench.report import markdown, rows

    results = {
        "coldstart_bench": {
            "measured_at": "2026-12-04T02:00:00+00:00",
            "seconds": 61,
            "load_average_1min": 0.4,
            "caches_absent": {"ready": {"median_s": 4.2, "p95_s": 4.9}},
        }
    }
    page = markdown(results, cores=2)
    assert page.startswith("# Benchmarks: latest run")
    assert "Generated by `make bench`" in page
    assert "2 cores" in page
    assert "| cold start | server ready, caches absent | default | 4.20 s | 4.90 s |" in page
    table = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(table) == 1 + len(rows(results))  # the header, then one line a row
    assert "coldstart_bench: measured 2026-12-04T02:00:00+00:00" in page


def test_the_markdown_page_says_when_and_on_what_and_leads_with_the_budgets() -> None:
    from bench.report import headlines, machine_line, markdown

    results = {
        **RESULTS,
        "images_bench": {
            "measured_at": "2026-12-04 03:28 UTC",
            "load_average_1min": [0.9, 1.1],
            "cpus": 2,
            "png": {"median_s": 1.52, "p95_s": 1.73},
        },
    }
    page = markdown(results, cores=8)  # the cores a bench recorded win over the caller's
    top = "\n".join(page.splitlines()[:9])
    assert "Generated by `make bench`" in top
    assert "latest run 2026-12-04 03:28 UTC (oldest figures 2026-11-25 19:20 UTC)" in top
    assert "machine: 2 cores, load average 0.9-2.0 while they ran" in top
    assert "[benchmarks.md](benchmarks.md)" in top  # the method, in prose
    budgets = page[page.index("## Budgets") : page.index("## Every figure")]
    assert "- pack: pack load (100k pack): 12.50 s median, 13.00 s p95; budget <= 10 s: MISSED" in (
        budgets
    )
    assert "- browser: step time / naive (mean): 0.21; budget <= 0.3: met" in budgets
    assert "- images: view as PNG: 1.52 s median, 1.73 s p95; budget <= 3 s: met" in budgets
    assert budgets.count("\n- ") == len(headlines(results))
    for bench in ("pack", "browser", "cold start", "images"):
        assert f"| {bench} | " in page  # each benchmark's rows in the table
    assert "| images | view as PNG | default | 1.52 s | 1.73 s | <= 3 s | met |" in page
    assert (
        machine_line({}, cores=None)
        == "Measured: date unknown; machine: cores unknown, load unknown."
    )
