"""How polities look on the map: the political layer's fills, hatches, dashes and tooltips."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.map import colours
from dashboard.view.texts import esc
from events.model import Pack

JOINED_WEIGHT = 2.6


BACKING_WEIGHT = 1.5  # backing carries no troop numbers: thin, under the deployments


APPROXIMATE_DASH = "4 3"


CONTEXT_DASH = "6 4"


LEFT_DASH = "1 5"


CANDIDATE_DASH = "2 4"  # an unreviewed candidate's outline, in colours.CANDIDATE
CANDIDATE_OPACITY = 0.3


STATED_OPACITY = 0.85


# Colonies, protectorates and mandates: hatched in their owner's colour over a neutral fill.
# Dependencies (autonomous parts of a state) and occupied lands keep a tint of their ruler.
HATCHED = {"colony", "protectorate", "mandate"}


CONTEXT_OPACITY = 0.45


@dataclass(frozen=True)
class PolityRow:
    """A polity drawn on the map that day (from geodata's political map)."""

    id: str
    name: str
    status: str = "independent"
    owner: str | None = None
    precision: str = "precise"
    period: str = ""  # e.g. "11 November 1918 – 1 September 1939", already formatted
    short: str = ""  # the name a label falls back on ("Angola"), when not ``name``


@dataclass(frozen=True)
class Style:
    fill: str
    border: str = colours.BORDER
    weight: float = 0.6
    dash: str | None = None
    opacity: float = 1.0
    hatch: str | None = None  # colour of diagonal lines drawn over ``fill``
    filled: bool = True  # False: an outline only (clicks inside reach what is underneath)

    def as_leaflet(self) -> dict[str, object]:
        """Leaflet path options; ``hatch`` is ours (histatlas-map.js and the player turn it
        into an SVG pattern, Leaflet ignores it) and ``fillColor`` stays the plain fallback."""
        style: dict[str, object] = {
            "fillColor": self.fill,
            "fillOpacity": self.opacity,
            "color": self.border,
            "weight": self.weight,
        }
        if self.dash:
            style["dashArray"] = self.dash
        if self.hatch:
            style["hatch"] = self.hatch
        if not self.filled:
            style["fill"] = False
        return style


def organisation_colours(pack: Pack) -> dict[str, str]:
    """Organisations in pack order get Okabe-Ito colours: the same colour on every date."""
    return colours.assign(o.id for o in pack.organisations)


def power_colours(pack: Pack) -> dict[str, str]:
    """Partitioning, annexing and occupying powers get Tol colours, stable for the pack."""
    powers = sorted(
        {r.subject for r in pack.relationships if r.kind in {"partitioned", "annexed", "occupied"}}
    )
    palette = colours.TOL_MUTED
    return {p: palette[i % len(palette)] for i, p in enumerate(powers)}


def base_style(row: PolityRow, political: bool) -> Style:
    """The political layer: neutral fills; colonies hatched in their owner's colour over the
    owner's own neutral fill (an empire reads as one); dependencies in their ruler's tint."""
    dash = APPROXIMATE_DASH if row.precision == "approximate" else None
    if not political:
        return Style(fill=colours.LAND, border=colours.BORDER, weight=0.4, dash=dash)
    if row.owner and row.status in HATCHED:
        fill = colours.neutral_fill(row.owner)
        return Style(fill=fill, dash=dash, opacity=0.9, hatch=colours.owner_hatch(row.owner))
    if row.owner and row.status not in {"independent", "unclaimed"}:
        fill = colours.mix(colours.neutral_fill(row.owner), "#9A8F7A", 0.25)
        return Style(fill=fill, weight=0.6, dash=dash, opacity=0.9)
    if row.status == "unclaimed":
        return Style(fill=colours.LAND, weight=0.4, dash=dash, opacity=0.6)
    return Style(fill=colours.neutral_fill(row.id), dash=dash)


def base_tooltip(row: PolityRow, name_of: Callable[[str], str]) -> str:
    lines = [f"<b>{esc(row.name)}</b>"]
    status = esc(row.status)
    if row.owner and row.status not in {"independent", "unclaimed"}:
        status += f" of {esc(name_of(row.owner))}"
    lines.append(f"{status} · {esc(row.period)}" if row.period else status)
    if row.precision == "approximate":
        lines.append("<i>shape approximate</i>")
    return "<br>".join(lines)
