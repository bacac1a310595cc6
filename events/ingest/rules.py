"""The rules: which words in a sentence make a membership, an occupation or deployment, a
partition, backing, or an event - found with spaCy's ``Matcher`` on a blank English pipeline.

Each rule takes the names around its trigger (states before it are the subjects; the
organisation or state after it the object), the sentence's date (or the text's last one),
and proposes a candidate with the words it stands on and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from events.dates import HistDate
from events.ingest.lexicon import Mention

# Trigger phrases by rule, as lower-case token sequences (the pipeline has no lemmatiser).
TRIGGERS: dict[str, list[str]] = {
    "join": ["joined", "join", "joins", "joining", "became a member of", "became members of",
             "became a member", "became members", "joined as", "was accepted into",
             "enlarged to include", "expanded to include", "extended to include",
             "membership was extended to", "was extended to", "accession of", "admission of",
             "accession to", "gained membership of", "gained membership in",
             "obtained membership of", "took up membership of",
             "become a member of", "was admitted to", "was admitted into", "were admitted to",
             "were admitted into", "acceded to", "entered", "admitted", "signed up to"],
    "found": ["founded", "set up", "established", "created", "formed", "co-founded",
              "founding members", "founding member", "founders", "were the founders",
              "its members were", "members were", "the members were", "members included",
              "concluded", "was concluded", "were concluded"],
    "leave": ["left", "withdrew from", "withdrew", "stopped taking part in",
              "stopped taking part", "quit", "was expelled from", "were expelled from",
              "expelled", "ceased to be a member of", "suspended"],
    "occupy": ["occupied", "invaded", "occupation of", "seized", "conquered", "marched into",
               "took control of", "overran"],
    "annex": ["annexed", "incorporated"],
    "deploy": ["sent troops to", "sent troops", "sent soldiers to", "sent forces to",
               "troops entered", "forces entered", "troops arrived in", "deployed", "dispatched",
               "were sent to", "was sent to", "troops were sent to", "landed in",
               "remained in", "stayed in", "were stationed in", "was stationed in",
               "stationed", "intervened in", "troops to", "soldiers to", "stayed until",
               "remained until", "troops in", "forces in"],
    "back": ["backed", "supported", "armed", "aided", "bankrolled"],
    "partition": ["partitioned", "divided up", "carved up"],
    "event": ["signed", "conference", "summit", "congress", "meeting", "battle", "held",
              "met", "convened", "dissolved", "took place", "gathered", "incident", "defeat",
              "defeated", "treaty of", "agreed", "proclaimed", "hosted", "brought together",
              "siege"],
}  # fmt: skip
EVENT_KINDS = {
    "signed": "treaty", "treaty of": "treaty", "agreed": "treaty", "conference": "conference",
    "summit": "summit", "congress": "congress", "battle": "battle", "defeat": "battle",
    "defeated": "battle", "dissolved": "dissolution", "proclaimed": "proclamation",
    "incident": "incident",
}  # fmt: skip
SOLDIER_WORDS = ("troops", "forces", "soldiers", "army", "military", "advisers")


@dataclass(frozen=True)
class Trigger:
    rule: str
    phrase: str
    start: int  # character offsets in the sentence's excerpt
    end: int


@dataclass
class Candidate:
    """A proposed record: its YAML fields (without id/excerpts), the span it quotes, and how
    sure the rule is."""

    record_type: str  # organisation | event | relationship
    fields: dict[str, Any]
    excerpt: str
    span: tuple[int, int]
    confidence: float
    rule: str
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def nlp() -> Any:
    """spaCy's blank English pipeline with a sentencizer and the trigger matcher."""
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    matcher = PhraseMatcher(pipeline.vocab, attr="LOWER")
    for rule, phrases in TRIGGERS.items():
        matcher.add(rule, [pipeline.make_doc(p) for p in phrases])
    flexible = Matcher(pipeline.vocab)
    # "became the tenth member", "became full members", "were the first members"
    # "became a member", "became OPEC's sixth member": up to three words between
    flexible.add("join", [[{"LOWER": {"IN": ["became", "become", "becomes"]}},
                           {"OP": "?"}, {"OP": "?"}, {"OP": "?"},
                           {"LOWER": {"IN": ["member", "members"]}}]])  # fmt: skip
    flexible.add("join", [[{"LOWER": {"IN": ["followed", "follow"]}}]])
    pipeline.user_data = {"matcher": matcher, "flexible": flexible}  # type: ignore[attr-defined]
    return pipeline


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of ``text``."""
    doc = nlp()(text)
    return [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]


def triggers(text: str, offset: int) -> list[Trigger]:
    """Every trigger phrase in a sentence, longest where two overlap."""
    pipeline = nlp()
    doc = pipeline.make_doc(text)
    found = []
    matches = [*pipeline.user_data["matcher"](doc), *pipeline.user_data["flexible"](doc)]  # type: ignore[attr-defined]
    for match_id, start, end in matches:
        span = doc[start:end]
        found.append(Trigger(pipeline.vocab.strings[match_id], span.text.lower(),
                             offset + span.start_char, offset + span.end_char))  # fmt: skip
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Trigger] = []
    for trigger in found:
        if not kept or trigger.start >= kept[-1].end:
            kept.append(trigger)
    return kept


@dataclass
class Sentence:
    """What the rules see: the excerpt, one sentence's span, its names, dates and triggers."""

    excerpt: str
    text: str
    start: int
    end: int
    names: list[Mention]
    states: list[tuple[Mention, str]]  # state mentions resolved on the sentence's date
    day: HistDate | None
    end_day: HistDate | None
    dated: bool  # the sentence states its own date (not inherited from before)
    triggers: list[Trigger]
    whens: list[Any] = field(default_factory=list)  # When, offsets in the excerpt
    clause_start: int = 0  # where the current trigger's clause begins (after the last one)
    last_subjects: list[str] = field(default_factory=list)  # of the sentence's last rule

    def date_near(self, trigger: Trigger) -> HistDate | None:
        """The start date that goes with a trigger: the first after it in its clause, else
        the last before it, else the sentence's (or the text's) date."""
        starts = [w for w in self.whens if not w.is_end]
        after = [w for w in starts if trigger.end <= w.start <= trigger.end + 40
                 and "," not in self.text[trigger.end : w.start]]  # fmt: skip
        if after:
            return after[0].value
        before = [w for w in starts if w.end <= trigger.start]
        return before[-1].value if before else self.day

    def before(self, position: int, kind: str) -> list[Mention]:
        return [m for m in self.names if m.kind == kind and m.end <= position]

    def after(self, position: int, kind: str) -> list[Mention]:
        return [m for m in self.names if m.kind == kind and m.start >= position]

    def states_between(self, first: int, last: int) -> list[tuple[Mention, str]]:
        return [(m, i) for m, i in self.states if first <= m.start and m.end <= last]

    def soldiers_near(self, position: int) -> bool:
        window = self.text[max(self.start, position - 40) : position + 40].lower()
        return any(word in window for word in SOLDIER_WORDS)


def day_of(value: HistDate | None) -> date | None:
    return None if value is None else value.value


def confidence(base: float, s: Sentence, guessed_subject: bool) -> float:
    """A rule's base confidence, less when the date or the subject is carried over."""
    value = base - (0 if s.dated else 0.15) - (0.15 if guessed_subject else 0)
    return round(max(0.1, min(0.95, value)), 2)
