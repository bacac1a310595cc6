"""Deployment and backing arrows: one per record while few, aggregated into flows when many.

A 100,000-record pack puts thousands of deployments and backings in one year; drawn one by
one they hide the map and cost the wire most of a slider step (issue 7). Above
``AGGREGATE_ABOVE`` arrows of a view, arrows of one kind are merged: first those between the
same two places, then those between the same two grid cells, ever coarser, until few enough.
If even the coarsest cells leave more than ``MAX_FLOWS``, the largest flows are drawn and
the legend says how many relationships are not (the table below the map lists them all).
The default pack has a handful of arrows in any year and is drawn one arrow per record.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.view.texts import esc

AGGREGATE_ABOVE = 60
MAX_FLOWS = 150
GRID_DEGREES = (2.0, 5.0, 10.0, 20.0, 45.0)
LISTED = 3  # relationships named in a flow's tooltip
MAX_WEIGHT = 8.0

Place = tuple[float, float]


@dataclass(frozen=True)
class Leg:
    """One relationship's arrow before drawing: where from and to, what, and its tooltip."""

    record_id: str
    start: Place
    end: Place
    colour: str
    weight: float
    dashed: bool
    tooltip: str  # escaped HTML
    title: str  # plain text, for a flow's tooltip
    what: str  # "deployments" or "backing"
    target: str = ""  # the polity it points at, and its name
    target_name: str = ""


@dataclass(frozen=True)
class Arrow:
    """An arrow as drawn: one relationship, or a flow of ``records`` between two places or
    areas (``record_id`` is its first)."""

    record_id: str
    start: Place
    end: Place
    colour: str
    weight: float
    dashed: bool
    tooltip: str  # escaped HTML
    records: tuple[str, ...] = ()
    focus: str | None = None  # what a click selects when not ``record_id`` (a polity)

    @property
    def click_id(self) -> str:
        return self.focus or self.record_id


@dataclass(frozen=True)
class Flows:
    drawn: tuple[Arrow, ...]
    relationships: int  # arrows wanted, one per relationship
    not_drawn: int = 0  # relationships in flows too small to draw


def _key(leg: Leg, cell: float | None) -> object:
    if cell is None:
        return (leg.what, leg.start, leg.end)
    start = (leg.start[0] // cell, leg.start[1] // cell)
    end = (leg.end[0] // cell, leg.end[1] // cell)
    return (leg.what, start, end)


def _merge(legs: Sequence[Leg], cell: float | None) -> list[list[Leg]]:
    found: dict[object, list[Leg]] = {}
    for leg in legs:
        found.setdefault(_key(leg, cell), []).append(leg)
    # A merge by cells can leave a flow's two ends in one cell: it then has no direction.
    return [group for group in found.values() if _mean(group, "start") != _mean(group, "end")]


def _mean(group: list[Leg], end: str) -> Place:
    points = [getattr(leg, end) for leg in group]
    return (
        round(sum(p[0] for p in points) / len(points), 3),
        round(sum(p[1] for p in points) / len(points), 3),
    )


def flow_weight(count: int) -> float:
    """1.5 px for two relationships, growing with the log of the count up to 8 px."""
    return round(min(MAX_WEIGHT, 1.5 + 1.5 * math.log2(max(count, 1))), 2)


def _flow(group: list[Leg], period: str) -> Arrow:
    if len(group) == 1:
        leg = group[0]
        return Arrow(
            leg.record_id,
            leg.start,
            leg.end,
            leg.colour,
            leg.weight,
            leg.dashed,
            leg.tooltip,
            (leg.record_id,),
        )
    first = group[0]
    what = "deployments" if first.what == "deployments" else "backings"
    lines = [f"<b>{len(group)} {what} {esc(period)}</b>"]
    lines += [f"• {esc(leg.title)}" for leg in group[:LISTED]]
    if len(group) > LISTED:
        lines.append(f"… and {len(group) - LISTED} more (the table lists them all)")
    # A click opens the dossier of the polity most of them point at.
    targets = Counter(leg.target for leg in group if leg.target)
    focus = targets.most_common(1)[0][0] if targets else None
    if focus:
        name = next(leg.target_name for leg in group if leg.target == focus) or focus
        lines.append(f"<i>click: the dossier of {esc(name)}</i>")
    return Arrow(
        first.record_id,
        _mean(group, "start"),
        _mean(group, "end"),
        first.colour,
        flow_weight(len(group)),
        all(leg.dashed for leg in group),
        "<br>".join(lines),
        tuple(leg.record_id for leg in group),
        focus,
    )


def flows(legs: Sequence[Leg], period: str) -> Flows:
    """The arrows to draw for ``legs`` (in the slice's order) during ``period`` (e.g. "in
    1952"); see the module's description."""
    if len(legs) <= AGGREGATE_ABOVE:
        return Flows(tuple(_flow([leg], period) for leg in legs), len(legs))
    groups = _merge(legs, None)
    for size in GRID_DEGREES:
        if len(groups) <= AGGREGATE_ABOVE:
            break
        groups = _merge(legs, size)
    kept = sorted(groups, key=len, reverse=True)[:MAX_FLOWS]
    drawn = sum(len(g) for g in kept)
    # Thin backing under deployments, as with single arrows.
    kept.sort(key=lambda g: g[0].what == "deployments")
    return Flows(tuple(_flow(g, period) for g in kept), len(legs), len(legs) - drawn)
