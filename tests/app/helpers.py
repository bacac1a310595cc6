"""Helpers for AppTest: run the real app script and read what the map component was sent."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

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
    return json.loads(match.group(1))


def drawn_polities(at: AppTest) -> dict[str, dict[str, Any]]:
    """Polity id -> its Leaflet style, as drawn on the map now."""
    spec = view_spec(at)
    return {p[1]: {**spec["styles"][p[2]], "tooltip": p[3]} for p in spec["polities"]}
