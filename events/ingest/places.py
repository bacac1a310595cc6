"""Events placed and dated: where a sentence puts what happened (a city after "in", in the
event's own name, or a state), and which state held that place on the day."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from events.ingest.lexicon import Lexicon
from events.ingest.rules import EVENT_KINDS, Candidate, Sentence, Trigger, confidence, day_of

PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$", re.I)
# "the Battle of X", "the Congress of Berlin": a place named in the event's own name
NAMED_AFTER = re.compile(
    r"\b(?:battle|siege|treaty|congress|conference|peace|summit|fall|sack|capture)\s+of\s+$", re.I
)
# "the Yalta Conference", "the Geneva Summit", "Helsinki hosted"
PLACE_THEN = re.compile(
    r"^\s+(?:conference|summit|congress|accords?|agreement|talks|declaration|meeting|hosted)\b",
    re.I,
)


def event_candidates(s: Sentence, t: Trigger, lex: Lexicon) -> list[Candidate]:
    """The event a trigger names, when the sentence gives it a place and a date."""
    if s.day is None:
        return []
    place = _place(s, lex)
    if place is None:
        return []
    kind = EVENT_KINDS.get(t.phrase, "founding" if t.rule == "found" else "meeting")
    title = " ".join(s.text[s.start : s.end].split()).rstrip(".")
    if len(title) > 140:
        title = title[:137].rsplit(" ", 1)[0] + "..."
    fields: dict[str, Any] = {"title": title, "kind": kind, "places": [place], "start": str(s.day)}
    if s.end_day is not None and s.end_day.value > s.day.value:
        fields["end"] = str(s.end_day)
    base = 0.8 if "lat" in place else 0.6
    return [Candidate("event", fields, s.excerpt, (s.start, s.end), confidence(base, s, False),
                      f"event:{t.phrase}", {"sentence": (s.excerpt, s.start)})]  # fmt: skip


def _place(s: Sentence, lex: Lexicon) -> dict[str, Any] | None:
    on = day_of(s.day)
    cities = [m for m in s.names if m.kind == "city"]
    after_preposition = [
        m for m in cities if PLACE_PREPOSITION.search(s.text[max(s.start, m.start - 12) : m.start])
    ]
    named = [
        m for m in cities
        if NAMED_AFTER.search(s.text[max(s.start, m.start - 20) : m.start])
        or PLACE_THEN.match(s.text[m.end : m.end + 14])
    ]  # fmt: skip
    for m in after_preposition + named:  # "signed in Washington" before "Camp David Accords"
        place: dict[str, Any] = {"lat": m.lat, "lon": m.lon, "label": m.text}
        holder = polity_at(m.lat, m.lon, on) if on else None
        if holder:
            place["polity"] = holder
        return place
    for m, state in s.states:
        before = s.text[max(s.start, m.start - 12) : m.start]
        if PLACE_PREPOSITION.search(before):
            return {"polity": state}
    return None


def polity_at(lat: float | None, lon: float | None, day: date) -> str | None:
    """The polity whose shape holds the point on ``day`` (None at sea or off the map)."""
    from shapely.geometry import Point

    from geodata.geometry import exact_shapes

    if lat is None or lon is None:
        return None
    point = Point(lon, lat)
    for polity_id, shape in exact_shapes(day).items():
        if shape.contains(point):
            return polity_id
    return None
