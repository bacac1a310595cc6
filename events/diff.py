"""What changed between two days: states formed, ended or changed (borders, status, name),
relationships begun and ended, and the events in between - with the records' excerpts.

Both days are inclusive ends of the comparison ``(first, last]``: a relationship began when its
first day falls after ``first`` and on or before ``last``; it ended when its last day held
falls in ``[first, last)`` (so it held on ``first`` or later and no longer on ``last``). A state
"changed" when it exists on both days in a different period of the gazetteer (a new border,
status, owner or name); a pack's own polity when its name, status or owner differ.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from events.model import Pack
from events.polityref import PolityIndex
from events.serialize import event_json, relationship_json


def _polity_row(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "cow": row["cow"]}


def _states(polities: PolityIndex, day: date) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in polities.states_on(day)}


def _period_of(polities: PolityIndex, polity_id: str, day: date) -> object:
    gazetteer = polities.gazetteer
    if gazetteer is not None and polity_id in gazetteer.polities:
        state = gazetteer.state_of(polity_id, day)
        return None if state is None else state.period_index
    return None


def diff(pack: Pack, polities: PolityIndex, first: date, last: date) -> dict[str, Any]:
    """The changes from ``first`` to ``last`` (``first`` before ``last``) as JSON-ready data."""
    before, after = _states(polities, first), _states(polities, last)
    after_first, after_last = first + timedelta(days=1), last + timedelta(days=1)
    changed = []
    for polity_id in sorted(set(before) & set(after)):
        old, new = before[polity_id], after[polity_id]
        moved = _period_of(polities, polity_id, first) != _period_of(polities, polity_id, last)
        fields = ("name", "status", "owner")
        what = [f for f in fields if old[f] != new[f]]
        if moved or what:
            row = _polity_row(new)
            row["was"] = {f: old[f] for f in what}  # the values on the first day
            row["what"] = what or ["borders"]  # a new period with the same name: its shape
            changed.append(row)
    began, ended = [], []
    for record in pack.relationships:
        interval = record.interval
        if interval.began_within(after_first, after_last):
            began.append(relationship_json(record, pack))
        if interval.ended_within(first, last):
            ended.append(relationship_json(record, pack))
    events = [
        event_json(e, pack, polities) for e in pack.events
        if e.interval.overlaps(after_first, after_last)
    ]  # fmt: skip
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "polities": {
            "began": [_polity_row(after[i]) for i in sorted(set(after) - set(before))],
            "ended": [_polity_row(before[i]) for i in sorted(set(before) - set(after))],
            "changed": changed,
        },
        "relationships": {"began": began, "ended": ended},
        "events": events,
    }
