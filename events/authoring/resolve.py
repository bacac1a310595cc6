"""Who a spreadsheet cell means: a polity or organisation given by id, by name (read on the
record's date: "Germany" in 1880 is the German Empire, in 1950 there are two), or by
Correlates of War code (on that date).

Names are matched without case, extra spaces or a leading "the", against the gazetteer's
polity names, aliases and period names, the pack's own polities and its organisations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from geodata.model import HORIZON_START, Gazetteer


class Unresolved(ValueError):
    """The cell names nothing, or more than one thing, on that date; the message says which."""


def key(name: str) -> str:
    text = " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())
    return text[4:] if text.startswith("the ") else text


@dataclass
class Names:
    """Every id and name a cell may use, with the days each polity existed."""

    gazetteer: Gazetteer | None
    pack_polities: dict[str, tuple[str, date, date | None]]  # id -> (name, start, end)
    organisations: dict[str, str]  # id -> name

    def __post_init__(self) -> None:
        self._by_name: dict[str, set[str]] = defaultdict(set)
        if self.gazetteer is not None:
            for polity in self.gazetteer.polities.values():
                names = {polity.name, *polity.aliases, *(p.name for p in polity.periods)}
                for name in names:
                    self._by_name[key(name)].add(polity.id)
        for polity_id, (name, _, _) in self.pack_polities.items():
            self._by_name[key(name)].add(polity_id)
        for org_id, name in self.organisations.items():
            self._by_name[key(name)].add(org_id)

    def add_organisation(self, org_id: str, name: str) -> None:
        self.organisations[org_id] = name
        self._by_name[key(name)].add(org_id)

    def known(self, some_id: str) -> bool:
        in_gazetteer = self.gazetteer is not None and some_id in self.gazetteer.polities
        return in_gazetteer or some_id in self.pack_polities or some_id in self.organisations

    def exists_on(self, some_id: str, day: date) -> bool:
        if some_id in self.organisations:
            return True
        if some_id in self.pack_polities:
            _, start, end = self.pack_polities[some_id]
            return start <= day and (end is None or day < end)
        return self.gazetteer is not None and self.gazetteer.get(some_id).period_on(day) is not None

    def resolve(self, value: str, day: date, *, organisations: bool = True) -> str:
        """The id ``value`` stands for on ``day``; raises Unresolved saying why not."""
        text = value.strip()
        if self.known(text):
            if not organisations and text in self.organisations:
                raise Unresolved(f"{text!r} is an organisation; a polity is needed here")
            return text
        if re.fullmatch(r"[0-9]{1,4}", text):
            return self._by_cow(int(text), day)
        candidates = {
            c for c in self._by_name.get(key(text), set())
            if organisations or c not in self.organisations
        }  # fmt: skip
        if not candidates:
            raise Unresolved(f"no polity or organisation is called {text!r} (give its id)")
        if day < HORIZON_START and any(c not in self.organisations for c in candidates):
            raise Unresolved(f"{day} is before the gazetteer starts ({HORIZON_START}); "
                             "give the polity's id")  # fmt: skip
        living = sorted(c for c in candidates if self.exists_on(c, day))
        if len(living) > 1:
            exact = [c for c in living if key(self._name_on(c, day)) == key(text)]
            if len(exact) == 1:
                return exact[0]
            raise Unresolved(f"{text!r} could be {', '.join(living)} on {day}; give the id")
        if not living:
            raise Unresolved(f"{text!r} ({', '.join(sorted(candidates))}) did not exist on {day}")
        return living[0]

    def _by_cow(self, code: int, day: date) -> str:
        found = []
        if self.gazetteer is not None:
            found = [s.id for s in self.gazetteer.on(day) if s.cow == code]
        if len(found) == 1:
            return found[0]
        if day < HORIZON_START:
            raise Unresolved(f"{day} is before the gazetteer starts ({HORIZON_START})")
        if found:
            raise Unresolved(f"COW code {code} is {', '.join(found)} on {day}; give the id")
        raise Unresolved(f"no polity has the COW code {code} on {day}")

    def _name_on(self, some_id: str, day: date) -> str:
        if some_id in self.organisations:
            return self.organisations[some_id]
        if some_id in self.pack_polities:
            return self.pack_polities[some_id][0]
        assert self.gazetteer is not None
        state = self.gazetteer.state_of(some_id, day)
        return state.name if state is not None else some_id
