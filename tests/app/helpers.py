"""Helpers for AppTest: run the real app script and read what the map component was sent."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard.map.shapes import generated_dir
from dashboard.map.yearframes import FRAMES, chunk_start, decode

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TIMEOUT = 120


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def map_payload(at: AppTest) -> dict[str, Any]:
    """The arguments st_folium sent to the browser: the map's script, header and assets."""
    components = [
        el
        for el in at.get("component_instance")
        if el.proto.component_name == "streamlit_folium.st_folium"
    ]
    assert len(components) == 1, f"expected one map, found {len(components)}"
    return json.loads(components[0].proto.json_args)


def view_spec(at: AppTest) -> dict[str, Any]:
    """The per-view spec the map layer draws (polities, styles, arrows, points, legend)."""
    script = map_payload(at)["feature_group"]
    match = re.search(r"histatlas\.draw\([a-z_0-9]+, (\{.*\})\);", script)
    assert match, script[:300]
    spec = json.loads(match.group(1))
    if "polities" not in spec:  # the year's rows are in its decade's file, as the browser reads
        spec.update(frame_rows(spec))
    return dict(spec)


def frame_rows(spec: dict[str, Any]) -> dict[str, Any]:
    """The rows of the spec's span (all its years show one map) from the chunk file it names
    (dashboard.map.yearframes)."""
    year = spec["frames"]["span"][0]
    name = spec["frames"]["files"][str(chunk_start(year))]
    chunk = json.loads((generated_dir() / FRAMES / name).read_text(encoding="utf-8"))
    return decode(chunk, year)


def drawn_polities(at: AppTest) -> dict[str, dict[str, Any]]:
    """Polity id -> its Leaflet style, as drawn on the map now."""
    spec = view_spec(at)
    return {p[1]: {**spec["styles"][p[2]], "tooltip": p[3]} for p in spec["polities"]}
