"""Polities as a pack sees them: the geodata gazetteer plus the pack's own polities."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from events.model import PackPolity


@lru_cache(maxsize=1)
def _gazetteer() -> Any | None:
    """geodata's gazetteer, or None while geodata.polities is not available."""
    try:
        from geodata.polities import load_gazetteer
    except ImportError:
        return None
    return load_gazetteer()


class PolityIndex:
    """Answers "is this a polity id", "did it exist that day", "where do I draw it"."""

    def __init__(self, pack_polities: Sequence[PackPolity] = ()) -> None:
        self.pack = {p.id: p for p in pack_polities}
        self.gazetteer = _gazetteer()
        self._ids = frozenset(self.gazetteer.ids()) if self.gazetteer is not None else frozenset()
        self._on: dict[date, dict[str, Any]] = {}
        self._periods: dict[str, tuple[list[date], list[date | None]]] = {}

    @property
    def gazetteer_available(self) -> bool:
        return self.gazetteer is not None

    def gazetteer_ids(self) -> frozenset[str]:
        return self._ids

    def known(self, polity_id: str) -> bool:
        return polity_id in self.pack or polity_id in self.gazetteer_ids()

    def _states(self, day: date) -> dict[str, Any]:
        if day not in self._on:
            states = self.gazetteer.on(day) if self.gazetteer is not None else []
            self._on[day] = {s.id: s for s in states}
        return self._on[day]

    def exists_on(self, polity_id: str, day: date) -> bool:
        if polity_id in self.pack:
            return self.pack[polity_id].interval.holds_on(day)
        if self.gazetteer is None or polity_id not in self._ids:
            return False
        starts, ends = self._spans(polity_id)
        index = bisect_right(starts, day) - 1  # as Polity.period_on, without its list per call
        if index < 0:
            return False
        end = ends[index]
        return end is None or day < end

    def _spans(self, polity_id: str) -> tuple[list[date], list[date | None]]:
        """The gazetteer polity's period starts and ends (in order), kept per polity."""
        spans = self._periods.get(polity_id)
        if spans is None:
            periods = self.gazetteer.get(polity_id).periods if self.gazetteer else ()
            spans = [p.start for p in periods], [p.end for p in periods]
            self._periods[polity_id] = spans
        return spans

    def point(self, polity_id: str, day: date) -> tuple[float, float] | None:
        """(lat, lon) to draw the polity at on ``day``; None when unknown."""
        if polity_id in self.pack:
            return self.pack[polity_id].lat, self.pack[polity_id].lon
        if self.gazetteer is None or polity_id not in self.gazetteer_ids():
            return None
        from geodata.geometry import representative_point

        try:
            lat, lon = representative_point(polity_id, day, self.gazetteer)
        except (KeyError, ValueError):
            return None
        return float(lat), float(lon)

    def name(self, polity_id: str) -> str:
        if polity_id in self.pack:
            return self.pack[polity_id].name
        try:
            return str(self.gazetteer.get(polity_id).name) if self.gazetteer else polity_id
        except KeyError:
            return polity_id

    def states_on(self, day: date) -> list[dict[str, Any]]:
        """Every polity existing that day: id, name, cow, iso3, status, owner, gwcode."""
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "cow": s.cow,
                "iso3": s.iso3,
                "status": s.status,
                "owner": s.owner,
                "gwcode": s.gwcode,
            }
            for s in self._states(day).values()
        ]
        for p in self.pack.values():
            if p.interval.holds_on(day) and p.id not in self._states(day):
                rows.append(
                    {
                        "id": p.id,
                        "name": p.name,
                        "cow": p.cow if p.status == "independent" else None,
                        "iso3": p.iso3,
                        "status": p.status,
                        "owner": p.owner,
                        "gwcode": p.gwcode if p.status == "independent" else None,
                    }
                )
        return sorted(rows, key=lambda r: r["id"])
