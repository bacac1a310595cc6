"""Year frames: a decade of view specs in one file, rows stored once, read back exactly."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest

from dashboard import data, decades
from dashboard.map import yearframes
from dashboard.map.assets import AssetUrls
from dashboard.map.mapview import Frames, MapView, view_spec
from dashboard.view.state import LAYERS

DECADE = range(1955, 1965)  # across 1960, the year of seventeen African independences


@pytest.fixture(scope="module")
def specs() -> dict[int, dict[str, object]]:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    view = MapView(assets=AssetUrls.for_base_path(""))
    out = {}
    for year in DECADE:
        choice = data.TimeChoice(year)
        built, _ = data.view_layers(None, choice, tuple(LAYERS), None)
        out[year] = view_spec(built, data.shapes_on(choice.border_day), view)
    return out


def resolved(spec: dict) -> dict[str, list]:
    """Rows with their style written out (indices differ between a spec and a chunk)."""
    styles = spec["styles"]
    out = {}
    for kind in ("polities", "areas"):
        out[kind] = [[*r[:2], styles[r[2]], *r[3:]] for r in spec[kind]]
    out["arrows"], out["points"] = spec["arrows"], spec["points"]
    return out


def test_every_year_reads_back_as_its_spec_had_it(specs):
    chunk = yearframes.encode(specs)
    assert (chunk["first"], chunk["last"]) == (1955, 1964)
    for year, spec in specs.items():
        back = yearframes.decode(chunk, year)
        assert resolved(back) == resolved(spec), year
        assert back["summary"] == spec["summary"]
        assert back["bundle"] == spec["bundle"].rsplit("/", 1)[-1]
    # Years really differ: colonies of 1955 are states (another style, tooltip) in 1964.
    rows = {y: {json.dumps(r) for r in resolved(specs[y])["polities"]} for y in (1955, 1964)}
    changed = {json.loads(r)[1] for r in rows[1964] - rows[1955]}
    assert {"nigeria", "ghana", "algeria"} <= changed, sorted(changed)


def test_rows_shared_by_years_are_stored_once(specs):
    chunk = yearframes.encode(specs)
    rows = sum(len(spec["polities"]) for spec in specs.values())
    assert len(chunk["rows"]["polities"]) < rows / 3
    size = len(json.dumps(chunk))
    assert size < sum(len(json.dumps(s)) for s in specs.values()) / 3


def test_same_content_same_file_name_whichever_replica_writes_it(specs, tmp_path: Path):
    first = yearframes.write_chunk(yearframes.encode(specs), tmp_path / "one")
    second = yearframes.write_chunk(
        yearframes.encode(dict(reversed(specs.items()))), tmp_path / "two"
    )
    assert first == second
    one = (tmp_path / "one" / yearframes.FRAMES / first).read_bytes()
    assert one == (tmp_path / "two" / yearframes.FRAMES / second).read_bytes()
    other = yearframes.encode({y: specs[y] for y in range(1955, 1960)})
    assert yearframes.write_chunk(other, tmp_path / "one") != first


def test_a_chunk_needs_consecutive_years(specs):
    with pytest.raises(ValueError, match="follow each other"):
        yearframes.encode({1955: specs[1955], 1957: specs[1957]})
    with pytest.raises(ValueError, match="at least one"):
        yearframes.encode({})
    with pytest.raises(KeyError):
        yearframes.decode(yearframes.encode({1955: specs[1955]}), 1956)


def test_decades_are_cut_at_the_horizon():
    assert yearframes.chunk_start(1959) == 1950
    assert yearframes.chunk_start(1960) == 1960
    assert yearframes.chunk_years(1770, (1772, 1991)) == range(1772, 1780)
    assert yearframes.chunk_years(1990, (1772, 1991)) == range(1990, 1992)
    assert not yearframes.chunk_years(2000, (1772, 1991))


def test_the_spec_has_no_rows_and_no_year_when_its_decade_is_ready(specs):
    choice = data.TimeChoice(1957)
    built, _ = data.view_layers(None, choice, tuple(LAYERS), None)
    shapes = data.shapes_on(choice.border_day)
    view = MapView(assets=AssetUrls.for_base_path("base"))
    waiting = view_spec(
        built, shapes, view, frames=Frames((1957, 1957), 1960, 1772, 1991, {1940: "a.json"})
    )
    assert waiting["polities"]  # drawn from the spec itself
    assert waiting["frames"]["files"] == {"1940": "a.json"}
    assert waiting["frames"]["base"] == "/base/app/static/generated/frames/"
    assert (waiting["frames"]["span"], waiting["frames"]["origin"]) == ([1957, 1957], 1960)
    ready = view_spec(
        built, shapes, view, frames=Frames((1957, 1957), 1960, 1772, 1991, {1950: "b.json"})
    )
    assert not {"polities", "styles", "bundle"} & ready.keys()
    assert ready["fit"] == waiting["fit"]
    assert len(json.dumps(ready)) < 1000 < len(json.dumps(waiting))
    # Nothing names the exact year: the years of one span send the map the same spec.
    assert "1957" not in json.dumps({k: v for k, v in ready.items() if k != "frames"})


class TestFrameChunks:
    def test_made_once_in_the_background_then_ready(self):
        chunks = decades.FrameChunks()
        done = threading.Event()
        calls = []

        def make() -> str:
            calls.append(1)
            done.set()
            return "abc.json"

        assert chunks.ask(("k",), make) is None
        assert done.wait(30)
        data.prefetch_pool().submit(lambda: None).result(30)  # the worker has finished the job
        assert chunks.ask(("k",), make) == "abc.json"
        assert calls == [1]

    def test_a_chunk_that_fails_is_logged_and_not_tried_again(self, caplog):
        chunks = decades.FrameChunks()

        def make() -> str:
            raise RuntimeError("no borders")

        with caplog.at_level(logging.ERROR, logger="histatlas.decades"):
            assert chunks.ask(("bad",), make) is None
            data.prefetch_pool().submit(lambda: None).result(30)
        assert ("bad",) in chunks.failed
        assert "could not be made" in caplog.text
        assert chunks.ask(("bad",), make) is None


class TestWhichDecadesAreMade:
    LAYERS = ("political",)
    HORIZON = (1772, 1991)

    def started(self, focus: str) -> set[tuple[object, ...]]:
        chunks = decades.frame_chunks()
        return {key for key in chunks._started if key[2] == focus}

    def test_a_first_page_starts_none(self):
        assert (
            decades.year_frames(None, self.LAYERS, "x-first", (1957,), self.HORIZON, start=False)
            == {}
        )
        assert self.started("x-first") == set()

    def test_a_step_starts_its_decade_and_the_next_near_an_edge(self):
        decades.year_frames(None, self.LAYERS, "x-step", (1957,), self.HORIZON)
        assert {key[3] for key in self.started("x-step")} == {1950, 1960}
        decades.year_frames(None, self.LAYERS, "x-early", (1901,), self.HORIZON)
        assert {key[3] for key in self.started("x-early")} == {1900, 1890}
        data.prefetch_pool().submit(lambda: None).result(120)
        files = decades.year_frames(None, self.LAYERS, "x-step", (1957,), self.HORIZON)
        assert set(files) == {1950, 1960}

    def test_a_big_pack_steps_through_the_server(self, monkeypatch):
        monkeypatch.setattr(decades, "FRAMES_MAX_RECORDS", 10)
        assert decades.year_frames(None, self.LAYERS, "x-big", (1957,), self.HORIZON) == {}
        assert self.started("x-big") == set()
