"""One plain-text table of every benchmark's figures, with budgets met or missed.

Reads the dictionary ``python -m bench`` writes to bench/results.json (one entry per
``*_bench.py`` module) and knows where each module keeps its headline figures; a figure that
is absent (a bench not run, failed, or changed its keys) shows as a dash, never an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PACKS = (("default", "default"), ("synthetic-10k", "10k"), ("synthetic-100k", "100k"))


@dataclass(frozen=True)
class Row:
    bench: str
    what: str
    pack: str
    median: str
    p95: str
    budget: str = ""
    verdict: str = ""


def dig(tree: Any, *keys: str) -> Any:
    """``tree[k1][k2]...`` or None when any step is missing."""
    for key in keys:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def secs(value: Any) -> str:
    if not isinstance(value, int | float):
        return "-"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def size(value: Any) -> str:
    if not isinstance(value, int | float):
        return "-"
    if value >= 1_000_000:
        return f"{value / 1_000_000:.2f} MB"
    return f"{value / 1000:.1f} KB" if value >= 1000 else f"{value:.0f} B"


def verdict(ok: Any) -> str:
    return "-" if ok is None else ("met" if ok else "MISSED")


def memory_row(
    section: str, label: str, pack: str, mb: Any, big: bool, met: dict[str, Any], key: str
) -> Row:
    """A memory figure in MB, judged against the 2 GB budget for the 100k pack only."""
    shown = f"{mb:.0f} MB" if isinstance(mb, int | float) else "-"
    return Row(
        section,
        label,
        pack,
        shown,
        "",
        "<= 2 GB" if big else "",
        verdict(met.get(key)) if big else "",
    )


def _pack_rows(results: dict[str, Any]) -> Iterator[Row]:
    packs = dig(results, "pack_bench", "packs") or {}
    budgets = dig(results, "pack_bench", "budgets") or {}
    for name, short in PACKS:
        entry = packs.get(name, {})
        big = short == "100k"
        for key, what in (("load", "pack load"), ("validate", "validate")):
            yield Row(
                "pack",
                what,
                short,
                secs(dig(entry, key, "median_s")),
                secs(dig(entry, key, "p95_s")),
                "<= 10 s" if big and key == "load" else "",
                verdict(budgets.get("load_100k_ok")) if big and key == "load" else "",
            )
        for key, what in (("as_of", "slice as_of(day)"), ("in_year", "slice in_year(year)")):
            yield Row(
                "pack",
                what,
                short,
                secs(dig(entry, key, "median_s")),
                secs(dig(entry, key, "p95_s")),
            )
        peak = dig(entry, "peak_rss_mb")
        yield memory_row(
            "pack", "peak RSS (load+slices)", short, peak, big, budgets, "memory_100k_ok"
        )


def _geodata_rows(results: dict[str, Any]) -> Iterator[Row]:
    geo = results.get("geodata_bench") or {}
    # Issue 4's targets: any date's shapes under 50 ms warm and under 2 s cold (medians).
    for key, what, budget_ms in (
        ("warm", "shapes for a date, warm", 50.0),
        ("first_call_for_a_period", "shapes, period not built yet", None),
        ("first_simplified_0.05", "shapes simplified 0.05 deg", None),
        ("cold_start", "shapes, fresh interpreter (map cache present)", 2000.0),
    ):
        median, p95 = dig(geo, key, "median_ms"), dig(geo, key, "p95_ms")
        known = isinstance(median, int | float)
        yield Row(
            "geodata",
            what,
            "-",
            secs(median / 1000) if known else "-",
            secs(p95 / 1000) if isinstance(p95, int | float) else "-",
            f"<= {secs(budget_ms / 1000)}" if budget_ms else "",
            verdict(median <= budget_ms if known else None) if budget_ms else "",
        )


def _step_rows(results: dict[str, Any]) -> Iterator[Row]:
    dash = results.get("dashboard_bench") or {}
    met = dash.get("budgets_met") or {}
    ours, naive = dash.get("histatlas") or {}, dash.get("naive") or {}
    yield Row("browser", "slider step, warm", "default", *_med_p95(ours))
    yield Row("browser", "slider step, naive app", "default", *_med_p95(naive))
    ratio = dash.get("ratio_mean_step")
    yield Row(
        "browser",
        "step time / naive (mean)",
        "default",
        f"{ratio:.2f}" if isinstance(ratio, int | float) else "-",
        "",
        "<= 0.3",
        verdict(met.get("ratio_at_most_0.3")),
    )
    yield Row(
        "browser",
        "bytes, step map changes",
        "default",
        size(ours.get("bytes_median")),
        "max " + size(ours.get("max_changed_step_bytes")),
        "<= 500 KB",
        verdict(met.get("changed_step_at_most_500kb")),
    )
    yield Row(
        "browser",
        "bytes, step map same",
        "default",
        "",
        "max " + size(ours.get("max_unchanged_step_bytes")),
        "< 5 KB",
        verdict(met.get("unchanged_step_under_5kb")),
    )
    in_map = dash.get("in_map") or {}
    yield Row(
        "browser",
        "map's own slider: key to map redrawn",
        "default",
        *_med_p95(in_map.get("redrawn")),
        "<= 100 ms",
        verdict(met.get("map_redrawn_within_100ms")),
    )
    redrawn_ratio = in_map.get("redrawn_ratio_to_naive_step")
    yield Row(
        "browser",
        "map redrawn / naive step (median)",
        "default",
        f"{redrawn_ratio:.3f}" if isinstance(redrawn_ratio, int | float) else "-",
        "",
        "<= 0.1",
        verdict(met.get("map_redrawn_at_most_0.1x_naive")),
    )
    yield Row("browser", "map's own slider: key to page settled", "default", *_med_p95(in_map))
    yield Row(
        "browser",
        "bytes, map's own slider step",
        "default",
        size(in_map.get("bytes_median")),
        "max " + size(in_map.get("bytes_max")),
    )
    cpu = in_map.get("server_cpu_per_step_s")
    slider_cpu = dash.get("server_cpu_per_slider_step_s")
    yield Row(
        "browser",
        "server CPU a step: map's slider (page's slider)",
        "default",
        secs(cpu),
        f"({secs(slider_cpu)})" if isinstance(slider_cpu, int | float) else "",
        "<= 50 ms",
        verdict(met.get("server_cpu_at_most_50ms_a_step")),
    )
    big = results.get("bigpack_bench") or {}
    met = big.get("budgets_met") or {}
    for name, short in PACKS[1:]:
        entry = big.get(name) or {}
        is_big = short == "100k"
        stopped = entry.get("timed_out") or entry.get("error")
        if stopped:
            yield Row("browser", f"STOPPED: {stopped}"[:60], short, "", "")
        yield Row("browser", "first page (pack loads)", short, secs(entry.get("first_page_s")), "")
        yield Row("browser", "slider step, first visit", short, *_med_p95(entry.get("first_visit")))
        yield Row(
            "browser",
            "slider step, warm",
            short,
            *_med_p95(entry.get("warm")),
            "<= 1 s" if is_big else "",
            _both(met, "step_100k_median_at_most_1s", "step_100k_p95_at_most_1s") if is_big else "",
        )
        in_map = entry.get("in_map") or {}
        if "no_year_frames_above_records" in in_map:
            yield Row("browser", "map's own slider: through the server (no year frames)",
                      short, "", "")  # fmt: skip
        else:
            yield Row("browser", "map's own slider: to map redrawn", short,
                      *_med_p95(in_map.get("redrawn")))  # fmt: skip
            yield Row("browser", "map's own slider: to page settled", short, *_med_p95(in_map))
        warm = entry.get("warm") or {}
        yield Row(
            "browser",
            "bytes per step, warm",
            short,
            size(warm.get("bytes_median")),
            "max " + size(warm.get("bytes_max")),
        )
        rss = entry.get("rss_end_mb")
        yield memory_row(
            "browser",
            "server RSS after steps",
            short,
            rss,
            is_big,
            met,
            "server_rss_100k_at_most_2gb",
        )


def _both(met: dict[str, Any], median_key: str, p95_key: str) -> str:
    """'met' / 'MISSED' on the median, with the p95's verdict beside it when they differ."""
    median, p95 = met.get(median_key), met.get(p95_key)
    if median is None:
        return "-"
    shown = verdict(median)
    return shown if p95 == median else f"{shown} (p95 {verdict(p95)})"


def _med_p95(entry: Any) -> tuple[str, str]:
    return secs(dig(entry, "median_s")), secs(dig(entry, "p95_s"))


def _cold_rows(results: dict[str, Any]) -> Iterator[Row]:
    cold = results.get("coldstart_bench") or {}
    for condition, what in (
        ("caches_absent", "caches absent"),
        ("caches_present", "caches present"),
    ):
        for key, label in (("ready", "server ready"), ("first_map", "first map in browser")):
            entry = dig(cold, condition, key)
            yield Row("cold start", f"{label}, {what}", "default", *_med_p95(entry))


def _image_rows(results: dict[str, Any]) -> Iterator[Row]:
    pictures = results.get("images_bench") or {}
    for fmt in ("png", "svg", "pdf"):
        entry = pictures.get(fmt)
        median = dig(entry, "median_s")
        known = isinstance(median, int | float)
        # Issue 14: a picture of a view fast enough to click, at most 3 s on this machine.
        yield Row("images", f"view as {fmt.upper()}", "default", *_med_p95(entry), "<= 3 s",
                  verdict(median <= 3.0 if known else None))  # fmt: skip
    tour = pictures.get("tour_pdf")
    yield Row("images", "tour handout (PDF)", "default", secs(dig(tour, "wall_s")), "-")


def _authoring_rows(results: dict[str, Any]) -> Iterator[Row]:
    mine = results.get("authoring_bench") or {}
    ingested, imported = mine.get("ingest_1mb"), mine.get("import_10k")
    yield Row("own sources", "ingest a 1 MB text", "1 MB", secs(dig(ingested, "wall_s")), "-")
    yield Row("own sources", "import a 10,000-row sheet", "10k rows",
              secs(dig(imported, "wall_s")), "-")  # fmt: skip
    yield Row("own sources", "import it again (all unchanged)", "10k rows",
              secs(dig(imported, "again_wall_s")), "-")  # fmt: skip


def _capacity_rows(results: dict[str, Any]) -> Iterator[Row]:
    """Step latency per number of websocket-level viewers (for one server, and for replicas
    behind nginx), and how many stayed within p95."""
    cap = results.get("capacity_bench") or {}
    runs = cap.get("runs") or {"1": cap}
    for replicas, run in sorted(runs.items()):
        where = "" if replicas == "1" else f" ({replicas} replicas)"
        for level in run.get("levels") or []:
            cpu = level.get("server_cpu_per_step_ms")
            cpu_note = f", server CPU {cpu:.0f} ms/step" if isinstance(cpu, int | float) else ""
            n = level.get("sessions")
            viewers = f"{n} viewer" + ("" if n == 1 else "s")
            yield Row("capacity", f"step, {viewers}{where}{cpu_note}", "default",
                      secs(level.get("p50_s")), secs(level.get("p95_s")))  # fmt: skip
        if len(runs) > 1:
            best = run.get("max_sessions_within_limit")
            yield Row("capacity", f"viewers within p95{where or ' (1 server)'}", "default",
                      str(best) if isinstance(best, int) else "-", "")  # fmt: skip
    best = cap.get("max_sessions_within_limit")
    met = dig(cap, "budgets_met", "at_least_60_viewers_within_p95")
    limit = cap.get("p95_limit_s", 1.5)
    # Issue 17: at least 60 viewers with the step's p95 within 1.5 s on this machine.
    yield Row("capacity", f"viewers within p95 {limit} s", "default",
              str(best) if isinstance(best, int) else "-", "", ">= 60", verdict(met))  # fmt: skip


def rows(results: dict[str, Any]) -> list[Row]:
    return [
        *_pack_rows(results),
        *_geodata_rows(results),
        *_step_rows(results),
        *_cold_rows(results),
        *_image_rows(results),
        *_authoring_rows(results),
        *_capacity_rows(results),
    ]


def _when(results: dict[str, Any]) -> list[str]:
    notes = []
    for name, entry in sorted(results.items()):
        if not isinstance(entry, dict):
            continue
        load = entry.get("load_average_1min")
        if isinstance(load, list):
            load = max(load)
        if isinstance(load, float):
            load = round(load, 2)
        error = " ERROR: " + str(entry["error"])[:120] if "error" in entry else ""
        notes.append(
            f"  {name}: measured {entry.get('measured_at', '?')}, "
            f"{entry.get('seconds', '?')} s, load average {load if load is not None else '?'}"
            + error
        )
    return notes


def render(results: dict[str, Any]) -> str:
    """The table, then when each bench ran and under what load."""
    header = Row("bench", "what", "pack", "median", "p95", "budget", "verdict")
    table = [header, *rows(results)]
    widths = [max(len(getattr(r, f)) for r in table) for f in Row.__dataclass_fields__]
    lines = []
    for index, row in enumerate(table):
        cells = [getattr(row, f) for f in Row.__dataclass_fields__]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join([*lines, "", "runs:", *_when(results)])


def headlines(results: dict[str, Any]) -> list[Row]:
    """The rows that carry a budget: the figures a reader looks for first."""
    return [row for row in rows(results) if row.budget]


def _loads(entry: dict[str, Any]) -> list[float]:
    load = entry.get("load_average_1min")
    values = load if isinstance(load, list) else [load]
    return [float(v) for v in values if isinstance(v, int | float)]


def machine_line(results: dict[str, Any], cores: int | None = None) -> str:
    """When the figures were measured and on what: the span of the runs, the cores (as a
    bench recorded them, else as given) and the load average while they ran."""
    entries = [e for e in results.values() if isinstance(e, dict)]
    stamps = sorted(str(e["measured_at"]) for e in entries if "measured_at" in e)
    recorded = {e["cpus"] for e in entries if isinstance(e.get("cpus"), int) and e["cpus"]}
    cores = max(recorded) if recorded else cores
    loads = [v for e in entries for v in _loads(e)]
    if not stamps:
        when = "date unknown"
    elif stamps[0] == stamps[-1]:
        when = f"run of {stamps[0]}"
    else:
        when = f"latest run {stamps[-1]} (oldest figures {stamps[0]})"
    machine = f"{cores} cores" if cores else "cores unknown"
    load = (
        f"load average {min(loads):.1f}-{max(loads):.1f} while they ran"
        if loads
        else "load unknown"
    )
    return f"Measured: {when}; machine: {machine}, {load}."


def markdown(results: dict[str, Any], cores: int | None = None) -> str:
    """The same figures as a Markdown page (docs/benchmarks-latest.md), said to be generated:
    when and on what they were measured, the budgets, then every row of the table."""
    fields = list(Row.__dataclass_fields__)
    header = Row("bench", "what", "pack", "median", "p95", "budget", "verdict")

    def line(row: Row) -> str:
        cells = [getattr(row, f).replace("|", "\\|") for f in fields]
        return "| " + " | ".join(cells) + " |"

    def headline(row: Row) -> str:
        figure = row.median or row.p95
        if row.median and row.p95.startswith("max"):
            figure = f"{row.median} median, {row.p95}"
        elif row.median and row.p95 and row.p95 != "-":
            figure = f"{row.median} median, {row.p95} p95"
        pack = "" if row.pack in ("-", "default") else f" ({row.pack} pack)"
        verdict = row.verdict or "-"
        return f"- {row.bench}: {row.what}{pack}: {figure}; budget {row.budget}: {verdict}"

    return "\n".join(
        [
            "# Benchmarks: latest run",
            "",
            "Generated by `make bench` (bench/report.py) from bench/results.json; do not edit",
            "by hand.",
            "",
            machine_line(results, cores),
            "",
            "How each figure is measured, and what changed to reach it:",
            "[benchmarks.md](benchmarks.md).",
            "",
            "## Budgets",
            "",
            *(headline(row) for row in headlines(results)),
            "",
            "## Every figure",
            "",
            line(header),
            "|" + "|".join("---" for _ in fields) + "|",
            *(line(row) for row in rows(results)),
            "",
            "Runs (when each benchmark ran, and the machine's load meanwhile):",
            "",
            *(f"- {note.strip()}" for note in _when(results)),
            "",
        ]
    )
