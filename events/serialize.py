"""Records, slices and whole packs as plain JSON-ready dicts and CSV rows (the CLI's shapes)."""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from typing import Any

from events.corpus import Excerpt
from events.dates import HistDate
from events.model import Event, Organisation, Pack, Place, Relationship
from events.polityref import PolityIndex
from events.timeslice import Slice
from geodata.codes import gwcode

CSV_COLUMNS = (
    "type",
    "id",
    "kind",
    "title",
    "subject",
    "object",
    "start",
    "end",
    "provenance",
    "began_in_period",
    "ended_in_period",
    "excerpts",
    "review",
)


def _date(value: HistDate | None) -> str | None:
    return None if value is None else str(value)


def excerpt_refs(record: Event | Relationship | Organisation, pack: Pack) -> list[dict[str, Any]]:
    by_id = pack.excerpts_by_id
    return [
        {"id": link.excerpt, "line": by_id[link.excerpt].line, "quote": link.quote}
        for link in record.excerpts
    ]


def excerpt_json(excerpt: Excerpt) -> dict[str, Any]:
    return {
        "id": excerpt.id,
        "line": excerpt.line,
        "text": excerpt.text,
        "footnotes": list(excerpt.footnotes),
    }


def review_json(record: Event | Relationship | Organisation) -> dict[str, Any]:
    """``review`` (candidate or reviewed) and a candidate's ``confidence`` (else null)."""
    return {"review": record.review, "confidence": record.confidence}


def relationship_json(record: Relationship, pack: Pack) -> dict[str, Any]:
    return {
        "id": record.id,
        "kind": record.kind,
        "subject": record.subject,
        "object": record.object,
        "start": _date(record.start),
        "end": _date(record.end),
        "provenance": record.provenance,
        "attributes": dict(record.attributes),
        "excerpts": excerpt_refs(record, pack),
        **review_json(record),
    }


def place_json(place: Place, day: date, polities: PolityIndex) -> dict[str, Any]:
    """A place as {polity, lat, lon}; a polity without a point gets its representative one."""
    lat, lon = place.lat, place.lon
    if lat is None and place.polity is not None:
        point = polities.point(place.polity, day)
        if point is not None:
            lat, lon = point
    return {"polity": place.polity, "lat": lat, "lon": lon}


def event_json(record: Event, pack: Pack, polities: PolityIndex) -> dict[str, Any]:
    day = record.start.first_day
    return {
        "id": record.id,
        "title": record.title,
        "kind": record.kind,
        "start": _date(record.start),
        "end": _date(record.end),
        "places": [place_json(p, day, polities) for p in record.places],
        "provenance": record.provenance,
        "excerpts": excerpt_refs(record, pack),
        **review_json(record),
    }


def organisation_json(record: Organisation, pack: Pack, polities: PolityIndex) -> dict[str, Any]:
    seat = place_json(record.seat, record.start.first_day, polities)
    seat["label"] = record.seat.label
    return {
        "id": record.id,
        "name": record.name,
        "kind": record.kind,
        "seat": seat,
        "start": _date(record.start),
        "end": _date(record.end),
        "provenance": record.provenance,
        "excerpts": excerpt_refs(record, pack),
        **review_json(record),
    }


def polities_during(polities: PolityIndex, first: date, after: date) -> list[dict[str, Any]]:
    """Every polity existing on some day of [first, after), as it was on its last such day."""
    days = [first]
    if polities.gazetteer is not None:
        changes = polities.gazetteer.change_dates()
        start = bisect.bisect_right(changes, first)
        stop = bisect.bisect_left(changes, after)
        days += list(changes[start:stop])
    days += [p.start.first_day for p in polities.pack.values() if first < p.start.first_day < after]
    rows: dict[str, dict[str, Any]] = {}
    for day in sorted(set(days)):
        rows.update((row["id"], row) for row in polities.states_on(day))
    return sorted(rows.values(), key=lambda r: r["id"])


def slice_json(pack: Pack, sl: Slice, polities: PolityIndex) -> dict[str, Any]:
    """The slice in the CLI's shape: ``date`` or ``year``, then the records in view."""
    head: dict[str, Any] = {"date": sl.day.isoformat()} if sl.day is not None else {"year": sl.year}
    return {
        **head,
        "polities": polities_during(polities, sl.first, sl.after),
        "organisations": [organisation_json(s.record, pack, polities) for s in sl.organisations],
        "relationships": [relationship_json(s.record, pack) for s in sl.relationships],
        "events": [event_json(s.record, pack, polities) for s in sl.events],
        "excerpts": [excerpt_json(e) for e in sl.excerpts],
    }


def used_polity_ids(pack: Pack, polities: PolityIndex) -> list[str]:
    """Every polity id the pack refers to, sorted."""
    found: set[str] = {p.id for p in pack.polities}
    for r in pack.relationships:
        found.update(i for i in (r.subject, r.object) if polities.known(i))
    for e in pack.events:
        found.update(p.polity for p in e.places if p.polity)
        found.update(i for i in e.participants if polities.known(i))
    found.update(o.seat.polity for o in pack.organisations if o.seat.polity)
    return sorted(found)


def _polity_summary(polity_id: str, polities: PolityIndex) -> dict[str, Any]:
    """id, name and the codes/status of the polity's latest period (GW's code on its last day)."""
    if polity_id in polities.pack:
        p = polities.pack[polity_id]
        independent = p.status == "independent"
        return {
            "id": p.id,
            "name": p.name,
            "cow": p.cow if independent else None,
            "iso3": p.iso3,
            "status": p.status,
            "owner": p.owner,
            "gwcode": p.gwcode if independent else None,
        }
    polity = polities.gazetteer.get(polity_id) if polities.gazetteer is not None else None
    if polity is None:
        return {
            "id": polity_id,
            "name": polity_id,
            "cow": None,
            "iso3": None,
            "status": None,
            "owner": None,
            "gwcode": None,
        }
    last = polity.periods[-1]
    return {
        "id": polity.id,
        "name": polity.name,
        "cow": last.cow,
        "iso3": last.iso3,
        "status": last.status,
        "owner": last.owner,
        "gwcode": gwcode(polity.id, last.end - timedelta(days=1) if last.end else date.max),
    }


def dump_json(pack: Pack, polities: PolityIndex) -> dict[str, Any]:
    """The whole pack in the slice's record shapes, plus its manifest and the records' notes."""
    records: list[Event | Relationship | Organisation] = [
        *pack.organisations,
        *pack.events,
        *pack.relationships,
    ]
    return {
        "pack": pack.manifest.model_dump(mode="json"),
        "polities": [_polity_summary(i, polities) for i in used_polity_ids(pack, polities)],
        "organisations": [organisation_json(o, pack, polities) for o in pack.organisations],
        "relationships": [relationship_json(r, pack) for r in pack.relationships],
        "events": [event_json(e, pack, polities) for e in pack.events],
        "excerpts": [excerpt_json(e) for e in pack.excerpts],
        "tours": [t.model_dump(mode="json") for t in pack.tours],
        "notes": {r.id: r.note for r in records if r.note},
    }


def slice_rows(pack: Pack, sl: Slice) -> list[dict[str, Any]]:
    """One CSV row per organisation, relationship and event in the slice."""
    rows = []
    groups: list[tuple[str, Any]] = [
        ("organisation", sl.organisations),
        ("relationship", sl.relationships),
        ("event", sl.events),
    ]
    for kind, shown_list in groups:
        for shown in shown_list:
            r = shown.record
            rows.append(
                {
                    "type": kind,
                    "id": r.id,
                    "kind": r.kind,
                    "title": getattr(r, "title", None) or getattr(r, "name", ""),
                    "subject": getattr(r, "subject", ""),
                    "object": getattr(r, "object", ""),
                    "start": _date(r.start),
                    "end": _date(r.end) or "",
                    "provenance": r.provenance,
                    "began_in_period": shown.began_in_period,
                    "ended_in_period": shown.ended_in_period,
                    "excerpts": ";".join(link.excerpt for link in r.excerpts),
                    "review": r.review,
                }
            )
    return rows


def last_day(sl: Slice) -> date:
    return sl.after - timedelta(days=1)
