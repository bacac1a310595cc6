"""A tiny hand-made pack with hostile text, and a hand-made atlas of squares, for export tests.

The pack is written as YAML by code (no files committed) and loaded through the real loader;
its two polities are the pack's own (``aland``, ``borduria``), so no gazetteer is needed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dashboard.export.frames import Atlas

XSS = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
CORPUS = (
    "Aland and Borduria signed the Pact of Szohod in 1955.\n"
    "Bordurian troops went to Aland in 1968, which the Pact called fraternal help.\n"
    f"A hostile line: {XSS} and {SCRIPT} and javascript:alert(3).\n"
)

MANIFEST = """
title: "Test pack <b>bold</b>"
corpus: corpus.txt
excerpt_prefix: tx
sources:
  - title: "Test corpus"
    author: "Test authors"
    url: "https://example.org/corpus"
    licence: "CC BY-SA 4.0"
    licence_url: "https://creativecommons.org/licenses/by-sa/4.0/"
horizon: {start: "1950", end: "1991"}
default_view: {year: 1960, region: world}
"""

POLITIES = """
- {id: aland, name: "Aland", start: "1950", lat: 10.0, lon: 10.0}
- {id: borduria, name: "Borduria", start: "1950", lat: 10.0, lon: 30.0}
"""

ORGANISATIONS = f"""
- id: szohod-pact
  name: "Pact of Szohod {XSS}"
  kind: alliance
  seat: {{polity: borduria}}
  start: "1955-05-14"
  end: "1991-07-01"
  provenance: stated
  excerpts: [{{excerpt: tx-01, quote: "signed the Pact of Szohod"}}]
"""

RELATIONSHIPS = f"""
- id: aland-in-pact
  kind: member_of
  subject: aland
  object: szohod-pact
  start: "1955-05-14"
  end: "1991-07-01"
  provenance: stated
  excerpts: [{{excerpt: tx-01, quote: "Aland and Borduria signed"}}]
- id: borduria-in-pact
  kind: member_of
  subject: borduria
  object: szohod-pact
  start: "1955-05-14"
  end: "1991-07-01"
  provenance: stated
  excerpts: [{{excerpt: tx-01, quote: "Aland and Borduria signed"}}]
- id: bordurian-troops
  kind: deployed_to
  subject: borduria
  object: aland
  start: "1968-08-21"
  end: "1969"
  provenance: context
  note: "=HYPERLINK(\\"http://evil\\") {SCRIPT}"
  title: "Bordurian troops in Aland {XSS}"
  attributes: {{troops: 20000}}
  excerpts: [{{excerpt: tx-02, quote: "Bordurian troops went to Aland in 1968"}}]
"""

EVENTS = f"""
- id: hostile-event
  title: "{XSS} [click](javascript:alert(4))"
  kind: meeting
  start: "1968-08-20"
  places: [{{polity: aland, label: "{XSS}"}}]
  provenance: stated
  excerpts: [{{excerpt: tx-03, quote: "A hostile line"}}]
"""

TOURS = """
- id: pact-story
  title: "The Pact <script>alert(5)</script>"
  slides:
    - title: "Founded"
      date: "1955-05-14"
      region: world
      layers: [political, alliances]
      focus: [szohod-pact]
      caption: "Two states sign. <img src=x onerror=alert(6)>"
      excerpts: [tx-01]
    - title: "Troops"
      date: "1968-08-21"
      bounds: [0.0, 0.0, 20.0, 40.0]
      layers: [political, deployments, events]
      focus: [bordurian-troops]
      caption: "Help, fraternal."
      excerpts: [tx-02, tx-03]
    - title: "The end"
      date: "1991"
      caption: "Dissolved."
"""


def write_pack(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "manifest.yaml": MANIFEST,
        "corpus.txt": CORPUS,
        "polities.yaml": POLITIES,
        "organisations.yaml": ORGANISATIONS,
        "relationships.yaml": RELATIONSHIPS,
        "events.yaml": EVENTS,
        "tours.yaml": TOURS,
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def square(pid: str, name: str, west: float, status: str = "independent") -> dict[str, Any]:
    ring = [[west, 0.0], [west + 20, 0.0], [west + 20, 20.0], [west, 20.0], [west, 0.0]]
    return {
        "type": "Feature",
        "properties": {"id": pid, "name": name, "status": status, "precision": "approximate"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def squares_atlas() -> Atlas:
    """Aland and Borduria as two 20-degree squares side by side, on any day."""

    def shapes_on(day: date) -> dict[str, Any]:
        return {
            "type": "FeatureCollection",
            "features": [square("aland", "Aland", 0.0), square("borduria", f"Borduria {XSS}", 20)],
        }

    def point_of(pid: str, day: date) -> tuple[float, float] | None:
        return {"aland": (10.0, 10.0), "borduria": (10.0, 30.0)}.get(pid)

    return Atlas(shapes_on, point_of)
