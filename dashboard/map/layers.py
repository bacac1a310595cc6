"""What each map layer draws for a slice: polity styles, arrows and points (no folium here)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from dashboard.map import colours
from dashboard.map.areas import Areas, partition_areas
from dashboard.map.flows import Arrow, Flows, Leg, flows
from dashboard.map.markers import Placed, Point, markers
from dashboard.map.styles import (
    BACKING_WEIGHT,
    CANDIDATE_DASH,
    CANDIDATE_OPACITY,
    CONTEXT_DASH,
    CONTEXT_OPACITY,
    JOINED_WEIGHT,
    LEFT_DASH,
    STATED_OPACITY,
    PolityRow,
    Style,
    base_style,
    base_tooltip,
    organisation_colours,
    power_colours,
)
from dashboard.view.records import title_of
from dashboard.view.texts import day_text, esc, span_text
from events.model import Event, Organisation, Pack, Relationship
from events.partitions import LostLand, Share
from events.timeslice import Shown, Slice

# Which relationship kinds colour polities, and which side of "subject KIND object" is coloured.
FILL_KINDS = {"member_of", "partitioned", "annexed", "occupied", "part_of"}
ARROW_KINDS = {"deployed_to", "backed"}
POINT_KINDS = {"founded_in", "seated_in"}
# When several records colour one polity, the more specific layer wins.
PRIORITY = {"occupied": 0, "partitioned": 1, "annexed": 1, "member_of": 2, "part_of": 3}
# A polity's tooltip names at most this many of the records colouring it (a polity of a
# 100,000-record pack is in dozens of organisations at once).
TOOLTIP_RECORDS = 6


@dataclass(frozen=True)
class PolityMark:
    id: str
    style: Style
    tooltip: str  # escaped HTML
    records: tuple[str, ...] = ()  # record ids behind its colour
    label: str = ""  # its name on the map (the name of the day)
    short: str = ""  # the name when ``label`` does not fit


@dataclass(frozen=True)
class MapLayers:
    """Everything drawn on top of the land for one view, ready for mapview."""

    polities: tuple[PolityMark, ...]
    arrows: tuple[Arrow, ...] = ()
    arrow_records: int = 0  # relationships the arrows stand for
    arrows_not_drawn: int = 0  # of those, in flows too small to draw (see dashboard.map.flows)
    points: tuple[Point, ...] = ()
    organisation_colours: dict[str, str] = field(default_factory=dict)
    power_colours: dict[str, str] = field(default_factory=dict)
    hatches: dict[str, str] = field(default_factory=dict)  # owner id -> hatch colour drawn
    areas: Areas = field(default_factory=Areas)  # partitioned land, over the polities
    words: str = ""  # the map in words (dashboard.map.words), for screen readers


Locate = Callable[[str, date], tuple[float, float] | None]
FOCUS_WEIGHT = 3.0  # the focused polity's outline


@dataclass(frozen=True)
class LayerInput:
    pack: Pack
    slice: Slice
    polities: tuple[PolityRow, ...]
    layers: frozenset[str]
    border_day: date
    locate: Locate
    name_of: Callable[[str], str]
    focus: str | None = None  # a focused organisation colours its members first
    outline: frozenset[str] = frozenset()  # polities of the focused polity or record
    shares: tuple[Share, ...] = ()  # partitioned land on the border day (events.partitions)
    lost: tuple[LostLand, ...] = ()


def _fill_target(record: Relationship) -> tuple[str, str]:
    """(polity coloured, the colour's key): members take their organisation's colour, the
    partitioning or annexing power its own, an occupied country its occupier's."""
    if record.kind == "member_of":
        return record.subject, record.object
    if record.kind == "occupied":
        return record.object, record.subject
    if record.kind == "part_of":
        return record.subject, record.object
    return record.subject, record.subject


def _relation_line(shown: Shown[Relationship], name_of: Callable[[str], str]) -> str:
    r = shown.record
    text = r.title or f"{name_of(r.subject)} {r.kind.replace('_', ' ')} {name_of(r.object)}"
    flags = []
    if shown.began_in_period:
        flags.append("began this period")
    if shown.ended_in_period:
        flags.append("ended this period")
    flag_text = f" <b>({esc(', '.join(flags))})</b>" if flags else ""
    return (
        f"{esc(text)}: {esc(span_text(r.start, r.end))} · {esc(r.provenance)}"
        f" · kind {esc(r.kind)}{flag_text}{unreviewed(r)}"
    )


def unreviewed(record: Relationship | Event | Organisation) -> str:
    """The tooltip's warning for a machine-proposed record not yet reviewed ("" otherwise)."""
    if not record.is_candidate:
        return ""
    sure = f", confidence {record.confidence:.2f}" if record.confidence is not None else ""
    return f" · <b>unreviewed</b> (proposed by histatlas ingest{esc(sure)})"


@dataclass(frozen=True)
class Palette:
    """The pack's colours, computed once per view (a big pack has 50,000 relationships)."""

    orgs: dict[str, str]
    powers: dict[str, str]


def _fill_colour(record: Relationship, key: str, inp: LayerInput, palette: Palette) -> str:
    if record.kind == "member_of":
        return palette.orgs.get(key, colours.OKABE_ITO[0])
    powers = palette.powers
    if record.kind == "part_of":
        # A partitioned land ruled as a dependency (Congress Poland under Russia) shows in its
        # ruling power's partition colour, so all three partitions read alike.
        if "partitions" in inp.layers and key in powers:
            return powers[key]
        return colours.neutral_fill(key)
    return powers.get(key, colours.TOL_MUTED[0])


def fill_records(
    inp: LayerInput, as_land: frozenset[str] = frozenset()
) -> dict[str, list[Shown[Relationship]]]:
    """Relationships that colour a polity, by coloured polity id, most specific first
    (``as_land``: partitions drawn as the land held, not as the holder's colour)."""
    found: dict[str, list[Shown[Relationship]]] = {}
    for shown in inp.slice.relationships:
        record = shown.record
        if record.kind not in FILL_KINDS or record.layer not in inp.layers or record.id in as_land:
            continue
        target, _ = _fill_target(record)
        found.setdefault(target, []).append(shown)
    orgs = inp.pack.organisations_by_id
    order = {o.id: i for i, o in enumerate(inp.pack.organisations)}

    def rank(shown: Shown[Relationship]) -> tuple[int, int, int]:
        record = shown.record
        if record.kind != "member_of":
            return (PRIORITY[record.kind], 0, 0)
        # Among memberships: the focused organisation, then alliances, then pack order.
        focused = 0 if record.object == inp.focus else 1
        org = orgs.get(record.object)
        alliance = 0 if org is not None and org.kind == "alliance" else 1
        return (PRIORITY[record.kind], focused * 2 + alliance, order.get(record.object, 0))

    for items in found.values():
        items.sort(key=rank)
    return found


def polity_marks(inp: LayerInput, as_land: frozenset[str] = frozenset()) -> tuple[PolityMark, ...]:
    """One styled mark per polity of the day, overlays applied on the neutral political map."""
    palette = Palette(organisation_colours(inp.pack), power_colours(inp.pack))
    by_polity = fill_records(inp, as_land)
    political = "political" in inp.layers
    marks = []
    for row in inp.polities:
        style = base_style(row, political)
        tooltip = base_tooltip(row, inp.name_of) if political else f"<b>{esc(row.name)}</b>"
        shown_list = by_polity.get(row.id, [])
        if shown_list:
            style = _overlay_style(style, shown_list, inp, palette)
            listed = shown_list[:TOOLTIP_RECORDS]
            tooltip += "".join(f"<br>{_relation_line(s, inp.name_of)}" for s in listed)
            if len(shown_list) > TOOLTIP_RECORDS:
                more = len(shown_list) - TOOLTIP_RECORDS
                tooltip += f"<br>… and {more} more (click for the dossier)"
        behind = tuple(s.record.id for s in shown_list)
        marks.append(PolityMark(row.id, style, tooltip, behind, row.name, row.short))
    return tuple(marks)


def _overlay_style(
    style: Style, shown_list: list[Shown[Relationship]], inp: LayerInput, palette: Palette
) -> Style:
    """Fill from the most specific record; an occupation of a polity that something else
    already colours (e.g. a Warsaw Pact member under Soviet troops) shows as its outline."""
    occupations = [s for s in shown_list if s.record.kind == "occupied"]
    others = [s for s in shown_list if s.record.kind != "occupied"]
    top = (others or occupations)[0]
    record = top.record
    _, key = _fill_target(record)
    fill = _fill_colour(record, key, inp, palette)
    weight, border, dash = style.weight, style.border, style.dash
    if top.began_in_period:
        weight, border = JOINED_WEIGHT, colours.EMPHASIS
    if top.ended_in_period:
        weight, border, dash = JOINED_WEIGHT, colours.EMPHASIS, LEFT_DASH
    if occupations:
        occupier = occupations[0].record
        colour = _fill_colour(occupier, _fill_target(occupier)[1], inp, palette)
        border, weight, dash = colours.darker(colour), max(weight, 1.8), dash or CONTEXT_DASH
    opacity = CONTEXT_OPACITY if record.provenance == "context" else STATED_OPACITY
    if record.is_candidate:  # drawn apart until a person accepts it
        border, weight, dash, opacity = (
            colours.CANDIDATE,
            max(weight, 2.0),
            CANDIDATE_DASH,
            CANDIDATE_OPACITY,
        )
    return Style(fill=fill, border=border, weight=weight, dash=dash, opacity=opacity)


def troop_weight(troops: object) -> float:
    """Arrow width from troop numbers on a log scale: 100 -> 2 px, 10,000 -> 5 px."""
    if isinstance(troops, bool) or not isinstance(troops, int | float) or troops <= 0:
        return 2.0
    return round(min(7.0, 2.0 + 1.5 * math.log10(max(float(troops), 100.0) / 100.0)), 2)


def _place_of(polity_id: str, record_start: date, inp: LayerInput) -> tuple[float, float] | None:
    for day in (inp.border_day, max(record_start, inp.slice.first)):
        found = inp.locate(polity_id, day)
        if found is not None:
            return found
    return None


def arrows(inp: LayerInput) -> Flows:
    """Deployments and backing: subject -> object, width by troops, dashed when context;
    aggregated into flows when there are many (dashboard.map.flows)."""
    legs = []
    if "deployments" in inp.layers:
        for shown in inp.slice.relationships:
            if shown.record.kind in ARROW_KINDS and (leg := _leg(shown, inp)) is not None:
                legs.append(leg)
    # Backing under deployments: the thin lines never hide the troop arrows.
    legs.sort(key=lambda leg: leg.what == "deployments")
    return flows(legs, _period(inp))


def _leg(shown: Shown[Relationship], inp: LayerInput) -> Leg | None:
    record = shown.record
    start = _place_of(record.subject, record.start.value, inp)
    end = _place_of(record.object, record.start.value, inp)
    if start is None or end is None or start == end:
        return None
    troops = record.attributes.get("troops")
    deployed = record.kind == "deployed_to"
    tip = _relation_line(shown, inp.name_of)
    if isinstance(troops, int | float) and not isinstance(troops, bool):
        tip += f"<br>troops: {esc(f'{troops:,}')}"
    note = record.attributes.get("troops_note")
    if isinstance(note, str) and note:
        tip += f"<br>{esc(note)}"
    return Leg(
        record.id,
        start,
        end,
        colours.CANDIDATE
        if record.is_candidate
        else colours.DEPLOYMENT
        if deployed
        else colours.BACKING,
        troop_weight(troops) if deployed else BACKING_WEIGHT,
        record.provenance == "context" or record.is_candidate,
        tip,
        title_of(record, inp.name_of),
        "deployments" if deployed else "backing",
        record.object,
        inp.name_of(record.object),
    )


def _period(inp: LayerInput) -> str:
    day, year = inp.slice.day, inp.slice.year
    return f"on {day_text(day)}" if day is not None else f"in {year}"


def _event_places(shown: Shown[Event], inp: LayerInput) -> Iterable[Placed]:
    event = shown.record
    for place in event.places:
        where = (place.lat, place.lon) if place.lat is not None else None
        if where is None and place.polity:
            where = _place_of(place.polity, event.start.value, inp)
        if where is None or where[0] is None or where[1] is None:
            continue
        yield Placed(event, float(where[0]), float(where[1]), place.polity, place.label)


def _seat_place(shown: Shown[Organisation], inp: LayerInput) -> Placed | None:
    org = shown.record
    seat = org.seat
    where = (seat.lat, seat.lon) if seat.lat is not None else None
    if where is None and seat.polity:
        where = _place_of(seat.polity, org.start.value, inp)
    if where is None or where[0] is None or where[1] is None:
        return None
    return Placed(org, float(where[0]), float(where[1]), seat.polity, seat.label)


def _event_colour(placed: Placed) -> str:
    return colours.CANDIDATE if placed.record.is_candidate else colours.EVENT


def points(inp: LayerInput) -> tuple[Point, ...]:
    """Events at their places (events layer) and organisation seats (alliances layer), each
    its own marker; above markers.AGGREGATE_ABOVE of a kind, one per place or area."""
    period = _period(inp)
    out: list[Point] = []
    if "events" in inp.layers:
        found = [p for shown in inp.slice.events for p in _event_places(shown, inp)]
        out += markers(found, period, inp.name_of, _event_colour)
    if "alliances" in inp.layers:
        orgs = organisation_colours(inp.pack)
        seats = [p for s in inp.slice.organisations if (p := _seat_place(s, inp)) is not None]
        out += markers(
            seats,
            period,
            inp.name_of,
            lambda p: orgs.get(p.record.id, colours.EMPHASIS),
            "organisation seats",
        )
    return tuple(out)


def hatches(rows: tuple[PolityRow, ...], marks: tuple[PolityMark, ...]) -> dict[str, str]:
    """Owner id -> hatch colour, for every owner with a hatched polity drawn (for the legend)."""
    by_id = {row.id: row for row in rows}
    found = {}
    for mark in marks:
        row = by_id.get(mark.id)
        if mark.style.hatch and row is not None and row.owner:
            found[row.owner] = mark.style.hatch
    return found


def _distinct_hatches(
    rows: tuple[PolityRow, ...], marks: tuple[PolityMark, ...]
) -> tuple[PolityMark, ...]:
    """The marks with every ruler's hatch in a colour no other ruler on the map has."""
    owner = {row.id: row.owner for row in rows if row.owner}
    colour = colours.distinct_hatches(owner[m.id] for m in marks if m.style.hatch and m.id in owner)
    return tuple(
        replace(m, style=replace(m.style, hatch=colour[owner[m.id]]))
        if m.style.hatch and m.id in owner else m
        for m in marks
    )  # fmt: skip


def _outlined(marks: tuple[PolityMark, ...], ids: frozenset[str]) -> tuple[PolityMark, ...]:
    """The focused polity (or the polities of the focused record) drawn with a heavy outline."""
    if not ids:
        return marks
    return tuple(
        replace(m, style=replace(m.style, border=colours.EMPHASIS, weight=FOCUS_WEIGHT, dash=None))
        if m.id in ids else m
        for m in marks
    )  # fmt: skip


def build_layers(inp: LayerInput) -> MapLayers:
    areas = Areas()
    if "partitions" in inp.layers and inp.shares:
        records = {r.id: r for r in inp.pack.relationships if r.kind == "partitioned"}
        areas = partition_areas(inp.shares, inp.lost, records, inp.name_of)
    marks = polity_marks(inp, areas.records)
    marks = _outlined(_distinct_hatches(inp.polities, marks), inp.outline)
    drawn = arrows(inp)
    return MapLayers(
        polities=marks,
        arrows=drawn.drawn,
        arrow_records=drawn.relationships,
        arrows_not_drawn=drawn.not_drawn,
        points=points(inp),
        organisation_colours=organisation_colours(inp.pack),
        power_colours=power_colours(inp.pack),
        hatches=hatches(inp.polities, marks),
        areas=areas,
    )
