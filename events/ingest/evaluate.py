"""Precision and recall of ``histatlas ingest`` against a careful reader's facts.

A gold file (``*.gold.yaml`` beside its text) lists ``memberships`` (member, organisation,
start), ``events`` (place, polity, date) and ``occupations`` (subject, object, start; an
occupation or a deployment of troops). A candidate matches a gold fact of its kind when:

- membership: same member, same organisation (its name, or its initials), same start year;
- event: same place (the city's name, or the polity holding it) and the same date as far as
  both are precise (year; month when both give one);
- occupation: kind occupied, annexed or deployed_to, same subject and object, same start year.

Each gold fact matches one candidate at most. ``python -m events.ingest.evaluate DIR``
prints the table for every text in DIR.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from events.authoring.resolve import key

KINDS = ("memberships", "events", "occupations")


@dataclass
class Score:
    found: int = 0  # candidates of the kind
    gold: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.gold += other.gold
        self.matched += other.matched


def _load(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or [] if path.exists() else []


def score_text(text: Path, gold_file: Path) -> dict[str, Score]:
    """Ingest ``text`` into a scratch pack and score its candidates against ``gold_file``."""
    from events.ingest.draft import ingest

    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        pack = Path(scratch) / "draft"
        ingest(text, pack)
        orgs = {o["id"]: o["name"] for o in _load(pack / "organisations.yaml")}
        relationships = _load(pack / "relationships.yaml")
        events = _load(pack / "events.yaml")
    found = {
        "memberships": [r for r in relationships if r["kind"] == "member_of"],
        "events": events,
        "occupations": [r for r in relationships
                        if r["kind"] in ("occupied", "annexed", "deployed_to")],
    }  # fmt: skip
    scores = {}
    for kind in KINDS:
        facts = gold.get(kind) or []
        left = list(found[kind])
        matched = 0
        for fact in facts:
            hit = next((c for c in left if _matches(kind, c, fact, orgs)), None)
            if hit is not None:
                left.remove(hit)
                matched += 1
        scores[kind] = Score(len(found[kind]), len(facts), matched)
    return scores


def _year(value: object) -> str:
    return str(value)[:4]


def _same_date(ours: object, theirs: object) -> bool:
    a, b = str(ours), str(theirs)
    if a[:4] != b[:4]:
        return False
    return len(a) < 7 or len(b) < 7 or a[:7] == b[:7]


def _org_matches(name: str, gold: str) -> bool:
    initials = "".join(w[0] for w in key(gold).split() if w not in ("of", "for", "and", "the"))
    return key(name) in (key(gold), initials)


def _matches(kind: str, c: dict[str, Any], fact: dict[str, Any], orgs: dict[str, str]) -> bool:
    if kind == "memberships":
        return (
            c["subject"] == fact["member"]
            and _org_matches(orgs.get(c["object"], c["object"]), fact["organisation"])
            and _year(c["start"]) == _year(fact["start"])
        )
    if kind == "events":
        place = c["places"][0]
        same_place = key(str(place.get("label", ""))) == key(str(fact.get("place", ""))) or (
            place.get("polity") is not None and place.get("polity") == fact.get("polity")
        )
        return same_place and _same_date(c["start"], fact["date"])
    return (
        c["subject"] == fact["subject"]
        and c["object"] == fact["object"]
        and _year(c["start"]) == _year(fact["start"])
    )


def table(folder: Path) -> tuple[str, dict[str, Score]]:
    """A Markdown table of every text in ``folder`` (and the totals by kind)."""
    totals = {kind: Score() for kind in KINDS}
    lines = ["| text | kind | candidates | facts | matched | precision | recall |",
             "|---|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for gold_file in sorted(folder.glob("*.gold.yaml")):
        text = gold_file.with_name(gold_file.name.replace(".gold.yaml", ".txt"))
        for kind, s in score_text(text, gold_file).items():
            totals[kind].add(s)
            lines.append(f"| {text.name} | {kind} | {s.found} | {s.gold} | {s.matched} | "
                         f"{s.precision:.2f} | {s.recall:.2f} |")  # fmt: skip
    for kind, s in totals.items():
        lines.append(f"| **all** | {kind} | {s.found} | {s.gold} | {s.matched} | "
                     f"**{s.precision:.2f}** | **{s.recall:.2f}** |")  # fmt: skip
    return "\n".join(lines), totals


if __name__ == "__main__":
    print(table(Path(sys.argv[1]))[0])
