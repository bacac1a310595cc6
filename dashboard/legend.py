"""The map legend: one entry per thing drawn, grouped by layer, as data and as safe HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard import colours
from dashboard.layers import MapLayers
from dashboard.texts import esc
from events.model import Pack

LAYER_TITLES = {
    "political": "Political map",
    "alliances": "Alliances and organisations",
    "partitions": "Partitions and annexations",
    "deployments": "Deployments and backing",
    "occupation": "Occupation",
    "events": "Events",
}


@dataclass(frozen=True)
class LegendEntry:
    layer: str
    label: str
    colour: str
    symbol: str  # "fill", "line", "dot" or "outline"
    dash: str | None = None


def _political() -> list[LegendEntry]:
    return [
        LegendEntry("political", "state (neutral colour)", colours.NEUTRAL_FILLS[1], "fill"),
        LegendEntry(
            "political",
            "colony or dependency (tint of its ruler)",
            colours.mix(colours.NEUTRAL_FILLS[0], "#9A8F7A", 0.25),
            "fill",
        ),
        LegendEntry("political", "shape approximate", colours.BORDER, "outline", "4 3"),
    ]


def legend_entries(
    layers: MapLayers, pack: Pack, shown_layers: frozenset[str], name_of: Callable[[str], str]
) -> list[LegendEntry]:
    """Entries for what this view can show; organisations and powers only when drawn."""
    entries: list[LegendEntry] = _political() if "political" in shown_layers else []
    drawn = {rid for mark in layers.polities for rid in mark.records}
    by_id = {r.id: r for r in pack.relationships}
    orgs = {by_id[rid].object for rid in drawn if by_id[rid].kind == "member_of"}
    powers = {
        (by_id[rid].subject, by_id[rid].layer)
        for rid in drawn
        if by_id[rid].kind in {"partitioned", "annexed", "occupied"}
    }
    for org in pack.organisations:
        if org.id in orgs:
            colour = layers.organisation_colours.get(org.id, colours.EMPHASIS)
            entries.append(LegendEntry("alliances", f"member of {org.name}", colour, "fill"))
    for power, layer in sorted(powers):
        colour = layers.power_colours.get(power, colours.TOL_MUTED[0])
        verb = "occupied by" if layer == "occupation" else "ruled by"
        entries.append(LegendEntry(layer, f"{verb} {name_of(power)}", colour, "fill"))
    if drawn:
        entries += [
            LegendEntry("alliances", "began in this period", colours.EMPHASIS, "outline"),
            LegendEntry("alliances", "ended in this period", colours.EMPHASIS, "outline", "1 5"),
        ]
    if "deployments" in shown_layers:
        entries += [
            LegendEntry(
                "deployments", "troops deployed (width: troops)", colours.DEPLOYMENT, "line"
            ),
            LegendEntry("deployments", "backing", colours.BACKING, "line"),
        ]
    if "events" in shown_layers:
        entries.append(LegendEntry("events", "event at its place", colours.EVENT, "dot"))
    entries.append(
        LegendEntry(
            "provenance", "faded or dashed: context, not in the excerpt", "#999999", "line", "6 4"
        )
    )
    return entries


def _swatch(entry: LegendEntry) -> str:
    dash = f' stroke-dasharray="{esc(entry.dash)}"' if entry.dash else ""
    colour = esc(entry.colour)
    if entry.symbol == "fill":
        shape = f'<rect x="1" y="2" width="16" height="10" fill="{colour}" stroke="#555"{dash}/>'
    elif entry.symbol == "line":
        shape = f'<line x1="1" y1="7" x2="17" y2="7" stroke="{colour}" stroke-width="3"{dash}/>'
    elif entry.symbol == "dot":
        shape = f'<circle cx="9" cy="7" r="5" fill="{colour}" stroke="#333"/>'
    else:
        shape = (
            f'<rect x="1" y="2" width="16" height="10" fill="none" stroke="{colour}"'
            f' stroke-width="2"{dash}/>'
        )
    return f'<svg width="18" height="14" aria-hidden="true">{shape}</svg>'


def legend_html(entries: list[LegendEntry]) -> str:
    """Escaped HTML: a heading per layer, one swatch and label per entry."""
    parts: list[str] = []
    current = None
    for entry in entries:
        if entry.layer != current:
            title = LAYER_TITLES.get(entry.layer, "How to read the map")
            parts.append(f'<div class="lg-h">{esc(title)}</div>')
            current = entry.layer
        parts.append(f'<div class="lg-e">{_swatch(entry)} {esc(entry.label)}</div>')
    return f"<details open><summary>Legend</summary>{''.join(parts)}</details>" if parts else ""
