"""The map legend: one entry per thing drawn, grouped by layer, as data and as safe HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.map import colours
from dashboard.map.layers import MapLayers
from dashboard.map.markers import GROUP_COLOUR
from dashboard.view.texts import esc
from events.model import Pack

# A big pack colours countries for hundreds of organisations at once: the legend names this
# many (in the pack's order) and counts the rest; each country's tooltip names its own.
MAX_NAMED = 12
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
    symbol: str  # "fill", "hatch", "line", "dot", "dots", "outline" or "note" (text only)
    dash: str | None = None
    background: str | None = None  # under a hatch


def _political(layers: MapLayers, name_of: Callable[[str], str]) -> list[LegendEntry]:
    """Neutral states, one hatched swatch per owner whose colonies are drawn, tints."""
    owners = sorted(layers.hatches.items(), key=lambda item: name_of(item[0]))
    return [
        LegendEntry("political", "state (neutral colour)", colours.NEUTRAL_FILLS[1], "fill"),
        *(
            LegendEntry(
                "political",
                f"colony, protectorate or mandate of {name_of(owner)}",
                colour,
                "hatch",
                background=colours.neutral_fill(owner),
            )
            for owner, colour in owners
        ),
        LegendEntry(
            "political",
            "dependency or occupied land (tint of its ruler)",
            colours.mix(colours.NEUTRAL_FILLS[0], "#9A8F7A", 0.25),
            "fill",
        ),
        LegendEntry("political", "shape approximate", colours.BORDER, "outline", "4 3"),
    ]


def legend_entries(
    layers: MapLayers, pack: Pack, shown_layers: frozenset[str], name_of: Callable[[str], str]
) -> list[LegendEntry]:
    """Entries for what this view can show; organisations and powers only when drawn."""
    political = "political" in shown_layers
    entries: list[LegendEntry] = _political(layers, name_of) if political else []
    drawn = {rid for mark in layers.polities for rid in mark.records} | layers.areas.records
    by_id = {r.id: r for r in pack.relationships}
    orgs = {by_id[rid].object for rid in drawn if by_id[rid].kind == "member_of"}
    powers = {
        (by_id[rid].subject, by_id[rid].layer)
        for rid in drawn
        if by_id[rid].kind in {"partitioned", "annexed", "occupied"}
    }
    named = [org for org in pack.organisations if org.id in orgs]
    for org in named[:MAX_NAMED]:
        colour = layers.organisation_colours.get(org.id, colours.EMPHASIS)
        entries.append(LegendEntry("alliances", f"member of {org.name}", colour, "fill"))
    if len(named) > MAX_NAMED:
        more = f"… and {len(named) - MAX_NAMED:,} more organisations (hover a country)"
        entries.append(LegendEntry("alliances", more, colours.EMPHASIS, "note"))
    grouped = {p.colour for p in layers.points if p.count > 1}
    if GROUP_COLOUR["organisation seats"] in grouped:
        label = "seats of several organisations at one place or area (size: how many)"
        entries.append(LegendEntry("alliances", label, GROUP_COLOUR["organisation seats"], "dots"))
    ruling = sorted(powers)
    for power, layer in ruling[:MAX_NAMED]:
        colour = layers.power_colours.get(power, colours.TOL_MUTED[0])
        verb = "occupied by" if layer == "occupation" else "ruled by"
        if power in layers.areas.holders:  # drawn as the land it held, dated (hover a piece)
            verb, colour = "partition share of", layers.areas.holders[power]
        entries.append(LegendEntry(layer, f"{verb} {name_of(power)}", colour, "fill"))
    if len(ruling) > MAX_NAMED:
        more = f"… and {len(ruling) - MAX_NAMED:,} more ruling powers (hover a country)"
        entries.append(LegendEntry("partitions", more, colours.EMPHASIS, "note"))
    for mark in layers.areas.marks:
        if not mark.style.filled:  # a partitioned country's lost land
            label = f"land of {mark.short} before its partition"
            entries.append(
                LegendEntry("partitions", label, colours.LOST, "outline", mark.style.dash)
            )
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
        if len(layers.arrows) < layers.arrow_records:
            label = (
                f"{layers.arrow_records:,} relationships drawn as {len(layers.arrows)} flows "
                "between places or areas (width: how many)"
            )
            if layers.arrows_not_drawn:
                label += f"; {layers.arrows_not_drawn:,} in smaller flows not drawn"
            entries.append(LegendEntry("deployments", label, colours.BACKING, "note"))
    if "events" in shown_layers:
        entries.append(LegendEntry("events", "event at its place", colours.EVENT, "dot"))
        if GROUP_COLOUR["events"] in grouped:
            label = "several events at one place or area (size: how many)"
            entries.append(LegendEntry("events", label, colours.EVENT, "dots"))
    entries.append(
        LegendEntry(
            "provenance", "faded or dashed: context, not in the excerpt", "#999999", "line", "6 4"
        )
    )
    if pack.candidates:
        label = "unreviewed: proposed by histatlas ingest, not yet checked (Review tab)"
        entries.append(LegendEntry("provenance", label, colours.CANDIDATE, "line", "2 4"))
    return entries


def hatch_lines(step: int = 4) -> str:
    """Path data of 45-degree lines clipped to the swatch box (x 1-17, y 2-12): drawn as
    plain lines, the swatch needs no <pattern> id that the page could hold twice."""
    parts = []
    for total in range(3 + step, 29, step):  # each line is x + y = total
        x1, x2 = max(1, total - 12), min(17, total - 2)
        if x1 < x2:
            parts.append(f"M{x1} {total - x1}L{x2} {total - x2}")
    return "".join(parts)


def _swatch(entry: LegendEntry) -> str:
    if entry.symbol == "note":  # words only: an empty box keeps the labels aligned
        return '<svg width="18" height="14" aria-hidden="true"></svg>'
    dash = f' stroke-dasharray="{esc(entry.dash)}"' if entry.dash else ""
    colour = esc(entry.colour)
    if entry.symbol == "fill":
        shape = f'<rect x="1" y="2" width="16" height="10" fill="{colour}" stroke="#555"{dash}/>'
    elif entry.symbol == "hatch":
        shape = (
            f'<rect x="1" y="2" width="16" height="10" fill="{esc(entry.background or "none")}"/>'
            f'<path d="{hatch_lines()}" stroke="{colour}" stroke-width="1.6"/>'
            '<rect x="1" y="2" width="16" height="10" fill="none" stroke="#555"/>'
        )
    elif entry.symbol == "line":
        shape = f'<line x1="1" y1="7" x2="17" y2="7" stroke="{colour}" stroke-width="3"{dash}/>'
    elif entry.symbol == "dot":
        shape = f'<circle cx="9" cy="7" r="5" fill="{colour}" stroke="#333"/>'
    elif entry.symbol == "dots":
        shape = (
            f'<circle cx="9" cy="7" r="6.5" fill="{colour}" fill-opacity=".75" stroke="#222"'
            ' stroke-width="1.5"/>'
        )
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
