"""The map in words, for a screen reader: what it shows, how many, and what its colours mean.

Set as the map's accessible description (static/histatlas-map.js puts it in a visually
hidden element the map's region points at) and shown under the map in the app.
"""

from __future__ import annotations

import html
import re

from dashboard.map.layers import MapLayers
from dashboard.map.legend import LegendEntry

NAMED = 12  # arrows and markers named one by one; the rest are counted


def plain(tooltip: str) -> str:
    """Our own escaped tooltip HTML as one line of text."""
    text = re.sub(r"<br\s*/?>", "; ", tooltip)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _listed(items: list[str]) -> str:
    shown = "; ".join(items[:NAMED])
    more = len(items) - NAMED
    return f"{shown}; and {more:,} more" if more > 0 else shown


def map_words(layers: MapLayers, entries: list[LegendEntry]) -> str:
    """Sentences saying what the map draws (the title goes before them)."""
    parts = [
        f"{len(layers.polities):,} states and territories drawn, each named on the map "
        "where its name fits."
    ]
    colours = [e.label for e in entries if e.symbol in {"fill", "hatch"} and e.layer != "political"]
    if colours:
        parts.append(f"Coloured: {_listed(colours)}.")
    shares = [plain(m.tooltip) for m in layers.areas.marks if m.style.filled]
    arrows = [plain(a.tooltip) for a in layers.arrows]
    points = [plain(p.tooltip) for p in layers.points]
    for what, items in (
        ("pieces of partitioned land", shares),
        ("arrows", arrows),
        ("markers", points),
    ):
        if items:
            parts.append(f"{len(items):,} {what}: {_listed(items)}.")
    return " ".join(parts)
