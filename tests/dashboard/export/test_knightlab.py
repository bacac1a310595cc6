"""Tours in Knight Lab's JSON formats, checked against their documented structure.

The schemas below transcribe what timeline.knightlab.com/docs/json-format.html and
StoryMapJS's JSON documentation say is required (TimelineJS: ``events``, each with a
``start_date`` holding a ``year``; ``text`` with ``headline``/``text``; StoryMapJS: a
``storymap`` with ``slides``, each with ``text`` and, but for the overview, a ``location`` of
``lat``/``lon``); the tests also check the content: dates to their precision, citations,
escaped text, sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from dashboard.export import knightlab
from events.pack import load_pack

REPO = Path(__file__).resolve().parents[3]
TOUR = "cuba-internationalism-abroad"
TEXT = {
    "type": "object",
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
    "additionalProperties": False,
}
DATE = {
    "type": "object",
    "required": ["year"],
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "display_date": {"type": "string"},
    },
    "additionalProperties": False,
}
TIMELINE = {
    "type": "object",
    "required": ["events"],
    "properties": {
        "title": {"type": "object", "properties": {"text": TEXT}},
        "events": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["start_date"],
                "properties": {
                    "start_date": DATE,
                    "end_date": DATE,
                    "text": TEXT,
                    "group": {"type": "string"},
                    "unique_id": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
}
STORYMAP = {
    "type": "object",
    "required": ["storymap"],
    "properties": {
        "storymap": {
            "type": "object",
            "required": ["slides"],
            "properties": {
                "language": {"type": "string"},
                "slides": {
                    "type": "array",
                    "minItems": 2,
                    "items": {
                        "type": "object",
                        "required": ["text"],
                        "properties": {
                            "type": {"enum": ["overview"]},
                            "date": {"type": "string"},
                            "text": TEXT,
                            "location": {
                                "type": "object",
                                "required": ["lat", "lon"],
                                "properties": {
                                    "lat": {"type": "number", "minimum": -90, "maximum": 90},
                                    "lon": {"type": "number", "minimum": -180, "maximum": 180},
                                    "zoom": {"type": "integer", "minimum": 0, "maximum": 18},
                                    "line": {"type": "boolean"},
                                },
                            },
                        },
                    },
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def pack():
    return load_pack(None)


def test_timelinejs_follows_the_format_with_dates_to_their_precision(pack) -> None:
    tour = pack.tours_by_id[TOUR]
    data = knightlab.timelinejs(pack, tour)
    jsonschema.validate(data, TIMELINE)
    assert len(data["events"]) == len(tour.slides)
    for event, slide in zip(data["events"], tour.slides, strict=True):
        date = event["start_date"]
        assert date["year"] == slide.date.value.year
        assert ("month" in date) == (slide.date.precision in {"month", "day"})
        assert ("day" in date) == (slide.date.precision == "day")
        for excerpt_id in slide.excerpts:
            line = pack.excerpts_by_id[excerpt_id].line
            assert f"<cite>{excerpt_id}, line {line}</cite>" in event["text"]["text"]
    assert "CC BY-SA 4.0" in data["title"]["text"]["text"]


def test_storymapjs_follows_the_format_with_a_place_a_slide(pack) -> None:
    tour = pack.tours_by_id[TOUR]
    data = knightlab.storymapjs(pack, tour)
    jsonschema.validate(data, STORYMAP)
    overview, *stops = data["storymap"]["slides"]
    assert overview["type"] == "overview"
    assert len(stops) == len(tour.slides)
    assert all("location" in stop for stop in stops)
    assert stops[0]["text"]["headline"] == tour.slides[0].title


def test_pack_text_is_escaped(pack) -> None:
    tour = pack.tours_by_id[TOUR].model_copy(
        update={"title": "<script>alert(1)</script>", "description": "<img src=x>"}
    )
    text = json.dumps([knightlab.timelinejs(pack, tour), knightlab.storymapjs(pack, tour)])
    assert "<script>" not in text
    assert "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize("fmt", knightlab.FORMATS)
def test_cli_writes_the_tour(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"{fmt}.json"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "export", "--tour", TOUR, "--format", fmt,
         "-o", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, TIMELINE if fmt == "timelinejs" else STORYMAP)
