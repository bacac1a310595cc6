"""The capacity benchmark's websocket-level viewers against a real server (loopback, 2 viewers).

Checks that the client speaks Streamlit's protocol: every step it sends is answered by an
ending ``script_finished`` of its own session, the app's URL follows each viewer's own year,
and a short measured level has latencies, server and generator CPU and RSS. The benchmark's
pace is sped up (steps 50-100 ms apart) so a few steps fit in seconds.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import pytest

from bench.capacity_bench import MAP, Pace, capacity, table
from bench.loadclient import ENDING, Viewer, user_key
from tests.support.server import running_server

FAST = Pace(step=(0.05, 0.1), play=0.05, play_burst=2, region_chance=0.3, play_report_s=0.1)
LINKS = ("year=1956&region=europe", "year=1914&region=africa")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("capacity"), env={"HISTATLAS_PACK": None}) as found:
        yield found


def test_a_widget_id_ends_with_its_user_key() -> None:
    assert user_key("$$ID-9da34ad8e9a88c7013e5bf7fb365fa63-year") == "year"
    assert user_key("$$ID-c8dbb31a028badb76c2c0e2926eb56b6-prev-change") == "prev-change"
    assert user_key("$$ID-f274744404e151ea485157a0e1a4c4c2") == ""


async def _two_viewers(url: str):
    viewers = [Viewer(url, link, timeout=120) for link in LINKS]
    answers = list(await asyncio.gather(*(v.open() for v in viewers)))
    try:
        for _ in range(3):
            answers += await asyncio.gather(
                *(v.set_slider("year", float(v.value("year")) + 1) for v in viewers)
            )
        before = parse_qs(viewers[0].query).get("region")
        other = next(
            label
            for label in viewers[0].widgets["region"].options
            if label != viewers[0].value("region")
        )
        answers.append(await viewers[0].choose("region", other))
        return viewers, answers, before
    finally:
        await asyncio.gather(*(v.close() for v in viewers))


def test_every_step_is_answered_by_its_own_script_run(server) -> None:
    viewers, answers, region_before = asyncio.run(_two_viewers(server.url))
    assert len(answers) == 2 + 6 + 1
    assert all(a.status in ENDING for a in answers)
    assert all(a.seconds > 0 and a.bytes > 0 and a.runs >= 1 for a in answers)
    # Each session moved its own slider: the URL the app wrote says that session's year.
    years = [parse_qs(v.query)["year"] for v in viewers]
    assert years == [["1959"], ["1917"]]
    assert parse_qs(viewers[0].query).get("region") != region_before
    assert all(v.unsolicited == 0 for v in viewers)


async def _map_reports(url: str):
    viewer = Viewer(url, LINKS[0], timeout=120)
    await viewer.open()
    try:
        answers = [await viewer.report_year(MAP, year) for year in (1960, 1964, 1964)]
        return viewer, answers
    finally:
        await viewer.close()


def test_a_year_reported_by_the_map_moves_the_slider_and_the_link(server) -> None:
    """What the map's own time control sends: the server follows with the page."""
    viewer, answers = asyncio.run(_map_reports(server.url))
    assert all(a.status in ENDING for a in answers)
    assert viewer.value("year") == 1964
    assert parse_qs(viewer.query)["year"] == ["1964"]
    assert viewer.unsolicited == 0


def test_a_level_reports_latency_and_the_cpu_of_server_and_generator(server) -> None:
    result = asyncio.run(
        capacity(
            server.url,
            server.process.pid,
            (2,),
            window_s=1.0,
            settle_s=0.0,
            pace=FAST,
            min_steps=4,
            links=LINKS,
            idle_s=0.5,
        )
    )
    (level,) = result["levels"]
    assert result["failures"] == []
    assert level["sessions"] == 2
    assert level["steps"] >= 4
    assert level["unanswered"] == 0
    assert 0 < level["p50_s"] <= level["p95_s"] <= level["max_s"]
    assert level["server_cpu_s"] > 0
    assert level["server_cpu_per_step_ms"] > 0
    assert level["generator_cpu_s"] >= 0
    assert "generator_cpu_per_step_ms" in level
    assert level["server_rss_mb"] > 0
    assert result["rss_idle_mb"] > 0
    assert "rss_per_session_mb" in level
    assert result["server_cores_busy_idle"] >= 0
    assert sum(a["n"] for a in level["by_action"].values()) == level["steps"]
    assert table(result).splitlines()[1].split()[0] == "2"


def test_the_report_shows_each_level_and_the_viewers_within_the_limit() -> None:
    from bench.report import rows

    levels = [
        {"sessions": 5, "p50_s": 0.4, "p95_s": 0.9, "server_cpu_per_step_ms": 510.0},
        {"sessions": 10, "p50_s": 1.2, "p95_s": 2.4, "server_cpu_per_step_ms": 530.0},
    ]
    results = {
        "capacity_bench": {
            "levels": levels,
            "max_sessions_within_limit": 5,
            "p95_limit_s": 1.5,
            "budgets_met": {"at_least_60_viewers_within_p95": False},
        }
    }
    found = [r for r in rows(results) if r.bench == "capacity"]
    first, last = found[0], found[-1]
    assert (first.what, first.median, first.p95) == (
        "step, 5 viewers, server CPU 510 ms/step",
        "400 ms",
        "900 ms",
    )
    assert (last.what, last.median, last.budget, last.verdict) == (
        "viewers within p95 1.5 s",
        "5",
        ">= 60",
        "MISSED",
    )
    assert [r.median for r in rows({}) if r.bench == "capacity"] == ["-"]


def test_the_report_shows_one_server_and_replicas_apart() -> None:
    from bench.report import rows

    one = {
        "levels": [{"sessions": 20, "p50_s": 0.1, "p95_s": 2.0}],
        "max_sessions_within_limit": 10,
    }
    two = {
        "levels": [{"sessions": 80, "p50_s": 0.1, "p95_s": 0.3}],
        "max_sessions_within_limit": 80,
    }
    results = {
        "capacity_bench": {
            "runs": {"1": one, "2": two},
            "max_sessions_within_limit": 80,
            "p95_limit_s": 1.5,
            "budgets_met": {"at_least_60_viewers_within_p95": True},
        }
    }
    found = [(r.what, r.median, r.verdict) for r in rows(results) if r.bench == "capacity"]
    assert ("step, 80 viewers (2 replicas)", "100 ms", "") in found
    assert ("viewers within p95 (1 server)", "10", "") in found
    assert ("viewers within p95 (2 replicas)", "80", "") in found
    assert found[-1] == ("viewers within p95 1.5 s", "80", "met")
