"""Every day 1772-1991 (1 June of each year and every change date) yields a complete map.

One check per distinct political map (period key): no overlaps above 1 km2, no base land
left to no polity, no empty or invalid shape. Problems in Europe's file and in the world
files are reported by separate tests so each owner sees their own.
"""

from __future__ import annotations

from functools import cache

from geodata.coverage import days_to_check, map_problems
from geodata.geometry import period_key
from geodata.polities import load_gazetteer


@cache
def all_problems() -> tuple[str, ...]:
    seen, found = set(), []
    for day in days_to_check():
        key = period_key(day)
        if key not in seen:
            seen.add(key)
            found.extend(map_problems(day))
    return tuple(found)


@cache
def europe_names() -> frozenset[str]:
    """Ids of europe.yaml's polities and the base countries their recipes read."""
    names = set()
    for polity in load_gazetteer().polities.values():
        if polity.file == "europe.yaml":
            names.add(polity.id)
            for period in polity.periods:
                names |= period.shape.base_codes()
    return frozenset(names)


def _mentions_europe(problem: str) -> bool:
    words = problem.replace(":", " ").split()
    return any(word in europe_names() for word in words)


def test_no_problem_involving_european_polities() -> None:
    problems = [p for p in all_problems() if _mentions_europe(p)]
    assert not problems, "\n".join(problems[:40])


def test_no_problem_elsewhere() -> None:
    problems = [p for p in all_problems() if not _mentions_europe(p)]
    assert not problems, "\n".join(problems[:40])
