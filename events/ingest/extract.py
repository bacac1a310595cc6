"""Reading a text in order: each sentence's names and dates, then the rules, keeping what a
reader keeps in mind (the last date, the last subjects, the organisations met so far)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

from events.dates import HistDate
from events.ingest.lexicon import Lexicon, Mention, mentions
from events.ingest.places import event_candidates
from events.ingest.rules import (
    EVENT_KINDS,
    Candidate,
    Sentence,
    Trigger,
    confidence,
    day_of,
    sentences,
    triggers,
)
from events.ingest.when import dates_in

PRONOUN_START = re.compile(r"^\W*(?:it|they|the country|the state|both|all of them)\b", re.I)


@dataclass
class Memory:
    previous: HistDate | None = None
    subjects: list[str] = field(default_factory=list)
    last_org: str | None = None
    orgs: dict[str, str] = field(default_factory=dict)  # key(name) -> org key
    org_names: dict[str, str] = field(default_factory=dict)  # org key -> name as written
    founding: dict[str, tuple[HistDate, Mention | None, str, tuple[int, int]]] = field(
        default_factory=dict
    )
    memberships: dict[tuple[str, str], Candidate] = field(default_factory=dict)
    implied: list[Candidate] = field(default_factory=list)  # made by a "left" alone
    sentence: int = 0  # how many sentences were read
    org_seen: int = -10  # the sentence that last named an organisation
    deployments: dict[str, Candidate] = field(default_factory=dict)


def extract(excerpts: list[tuple[str, str]], lex: Lexicon) -> tuple[list[Candidate], Memory]:
    """Candidates for every (excerpt id, text), in the text's order."""
    memory = Memory()
    found: list[Candidate] = []
    for excerpt_id, text in excerpts:
        for start, end in sentences(text):
            sentence = _read(excerpt_id, text, start, end, lex, memory)
            found += _apply(sentence, memory, lex)
    return found, memory


def _read(
    excerpt_id: str, text: str, start: int, end: int, lex: Lexicon, memory: Memory
) -> Sentence:
    body = text[start:end]
    names = [_shift(m, start) for m in mentions(body, lex, memory.orgs)]
    memory.sentence += 1
    for m in names:
        if m.kind == "org":
            known = memory.org_names.get(m.ids[0], "")
            if len(m.text) > len(known):  # the fullest name the text gives it
                memory.org_names[m.ids[0]] = m.text
            memory.org_seen = memory.sentence
    whens = dates_in(body, memory.previous)
    starts = [w for w in whens if not w.is_end]
    ends = [w for w in whens if w.is_end]
    day = starts[0].value if starts else memory.previous
    if whens:
        memory.previous = whens[-1].value if not starts else starts[-1].value
    on = day_of(day)
    last = (day.day_after - timedelta(days=1)) if day is not None else None
    states = []  # each state as it was on the day, else on the last day the date names
    for m in names:
        state = lex.state_on(m.ids, on) or lex.state_on(m.ids, last) if m.kind == "state" else None
        if state is not None:
            states.append((m, state))
    sentence = Sentence(
        excerpt=excerpt_id, text=text, start=start, end=end, names=names, states=states,
        day=day, end_day=ends[0].value if ends else None, dated=bool(starts),
        triggers=triggers(body, start),
        whens=[replace(w, start=w.start + start, end=w.end + start) for w in whens],
    )  # fmt: skip
    return sentence


def _shift(m: Mention, by: int) -> Mention:
    return Mention(m.start + by, m.end + by, m.text, m.kind, m.ids, m.lat, m.lon)


def _apply(s: Sentence, memory: Memory, lex: Lexicon) -> list[Candidate]:
    out: list[Candidate] = []
    subjects_here: list[str] = []
    evented = False
    since = s.start
    for trigger in s.triggers:
        s.clause_start = since
        rule = trigger.rule
        if rule in ("join", "found"):
            out += _membership(s, trigger, memory, subjects_here)
        elif trigger.phrase == "signed" and (
            s.after(trigger.end, "org")
            or (s.before(trigger.start, "org") and " by " in s.text[trigger.end : trigger.end + 40])
        ):
            out += _membership(s, trigger, memory, subjects_here)  # "A and B signed the Pact"
        elif rule == "leave":
            _leave(s, trigger, memory)
            out += memory.implied
            memory.implied.clear()
        elif rule in ("occupy", "annex", "deploy", "back", "partition"):
            out += _between_states(s, trigger, memory, subjects_here)
        if not evented and (rule in ("event", "found") or trigger.phrase in EVENT_KINDS):
            events = event_candidates(s, trigger, lex)
            evented = bool(events)
            out += events
        since = trigger.end
    named = [m.ids[0] for m in s.names if m.kind == "org"]
    if named:  # "the pact" in the next sentences is the last one named here
        memory.last_org = named[-1]
    if subjects_here:
        memory.subjects = subjects_here
    elif s.states:
        memory.subjects = [s.states[0][1]]
    return out


def _subjects(s: Sentence, position: int, memory: Memory) -> tuple[list[str], bool]:
    """States before ``position`` in the sentence, else the last subjects (a pronoun)."""
    since = max(s.clause_start, s.start, s.text.rfind(";", s.start, position) + 1)
    here = [i for m, i in s.states if since <= m.start and m.end <= position]
    if here:
        return list(dict.fromkeys(here)), False
    if PRONOUN_START.match(s.text[s.start : position]):
        return memory.subjects, True
    clause = s.text[since:position]
    if s.last_subjects and re.search(r"\b(?:and|but|then|later)\W*$", clause, re.I):
        return s.last_subjects, False  # "Cuba acceded in 1948 and withdrew in 1960"
    return [], False


def _quote(s: Sentence, *spans: tuple[int, int]) -> tuple[int, int]:
    """The words from the first to the last span, widened to whole brackets."""
    first = max(s.start, min(a for a, _ in spans))
    last = min(s.end, max(b for _, b in spans))
    words = s.text[first:last]
    if words.count(")") > words.count("(") and "(" in s.text[s.start : first]:
        first = s.text.rindex("(", s.start, first)
    if words.count("(") > words.count(")") and ")" in s.text[last : s.end]:
        last = s.text.index(")", last, s.end) + 1
    return (first, last)


def _membership(
    s: Sentence, t: Trigger, memory: Memory, subjects_here: list[str]
) -> list[Candidate]:
    orgs_after = s.after(t.end, "org")
    orgs_before = s.before(t.start, "org")
    org = orgs_after[0] if orgs_after else (orgs_before[-1] if orgs_before else None)
    if t.phrase == "signed" and orgs_after:
        org = orgs_after[-1]  # "signed the Manila Pact, which created SEATO": the body made
    if t.phrase.endswith("to include"):  # "the pact was enlarged to include": the one before
        org = orgs_before[-1] if orgs_before else None
    recent = _recent(memory)
    org_key = org.ids[0] if org else (memory.last_org if recent else None)
    day = s.date_near(t)
    if org_key is None or day is None:
        return []
    memory.last_org = org_key
    passive = s.text[max(s.start, t.start - 5) : t.start].strip().lower() in ("was", "were")
    includes = t.phrase.endswith(("to include", "extended to", "accession of", "admission of"))
    if (
        (org is not None or includes)
        and (includes or org in orgs_before)
        and (includes or (t.phrase == "admitted" and not passive))
    ):
        members = [
            i for _, i in s.states_between(t.end, _clause_end(s, t))
        ]  # "NATO admitted A and B"
        guessed = False
    elif (t.rule in ("found", "join") or t.phrase == "signed") and (
        (org is not None and org in orgs_before)
        or " by " in s.text[t.end : t.end + 40]
        or " between " in s.text[t.end : t.end + 40]
    ):
        members = [i for _, i in s.states_between(t.end, _clause_end(s, t))]  # "by A, B and C"
        guessed = False
        if not members:
            members, guessed = _subjects(s, t.start, memory)
    else:
        members, guessed = _subjects(s, t.start, memory)
        colon = s.text.find(":", t.end, _clause_end(s, t))
        if not members and colon >= 0:  # "three countries joined the Union: A, B and C"
            members = [i for _, i in s.states_between(colon, _clause_end(s, t))]
        if t.rule == "found" and not members:
            members = [i for _, i in s.states_between(t.end, _clause_end(s, t))]  # "founders: A"
    if t.rule == "found" and org_key not in memory.founding:
        city = next((m for m in s.names if m.kind == "city"), None)
        memory.founding[org_key] = (day, city, s.excerpt, (s.start, s.end))
    start = day
    if t.rule == "found" and org_key in memory.founding and not s.dated:
        start = memory.founding[org_key][0]
    out = []
    s.last_subjects = members or s.last_subjects
    for member in members:
        if (member, org_key) in memory.memberships:
            continue
        spans = [(m.start, m.end) for m, i in s.states if i == member] or [(t.start, t.end)]
        spans.append((org.start, org.end) if org else (t.start, t.end))
        candidate = Candidate(
            "relationship",
            {"kind": "member_of", "subject": member, "object": org_key, "start": str(start)},
            s.excerpt, _quote(s, *spans, (t.start, t.end)),
            confidence(0.85, s, guessed), f"membership:{t.phrase}",
        )  # fmt: skip
        memory.memberships[(member, org_key)] = candidate
        out.append(candidate)
        subjects_here.append(member)
    if t.rule == "join":
        out += _elliptical(s, t, org_key, memory)
    return out


def _elliptical(s: Sentence, t: Trigger, org_key: str, memory: Memory) -> list[Candidate]:
    """ ", and Iceland in 1950" after a joining: the same verb, left out, with its own date."""
    end = _clause_end(s, t)
    join = re.search(r"[,;]\s*and\s+", s.text[t.end : end])
    if join is None or any(x.start > t.end for x in s.triggers):
        return []
    out = []
    for mention, member in s.states_between(t.end + join.end(), end):
        dated = [w for w in s.whens if mention.end <= w.start <= mention.end + 15 and not w.is_end]
        if not dated or (member, org_key) in memory.memberships:
            continue
        fields = {"kind": "member_of", "subject": member, "object": org_key,
                  "start": str(dated[0].value)}  # fmt: skip
        candidate = Candidate("relationship", fields, s.excerpt,
                              _quote(s, (t.start, t.end), (mention.start, dated[0].end)), 0.6,
                              f"membership:{t.phrase} (left out)")  # fmt: skip
        memory.memberships[(member, org_key)] = candidate
        out.append(candidate)
    return out


def _recent(memory: Memory) -> bool:
    """Whether an organisation not named in the sentence may be the last one named: the only
    one of the text so far, or one named at most three sentences back."""
    return len(memory.org_names) == 1 or memory.sentence - memory.org_seen <= 3


def _clause_end(s: Sentence, t: Trigger) -> int:
    """Where the clause after a trigger ends: a semicolon, or the next trigger."""
    later = [
        x.start for x in s.triggers if x.start >= t.end and x.rule in ("join", "found", "leave")
    ]
    semicolon = s.text.find(";", t.end, s.end)
    return min([s.end, *later, *([semicolon] if semicolon >= 0 else [])])


def _leave(s: Sentence, t: Trigger, memory: Memory) -> None:
    members, _ = _subjects(s, t.start, memory)
    orgs = s.after(t.end, "org")
    recent = _recent(memory)
    org_key = orgs[0].ids[0] if orgs else (memory.last_org if recent else None)
    after = [w for w in s.whens if t.end <= w.start <= t.end + 40]  # "withdrew in 1960"
    day = after[0].value if after else s.date_near(t)
    if day is None or org_key is None:
        return
    for member in members:
        candidate = memory.memberships.get((member, org_key))
        founded = memory.founding.get(org_key)
        implied = t.phrase in ("left", "withdrew from", "withdrew", "quit")
        if candidate is None and implied and founded is not None and founded[0].value < day.value:
            # "Morocco withdrew from the organisation": a member since its founding, at least
            fields = {"kind": "member_of", "subject": member, "object": org_key,
                      "start": str(founded[0])}  # fmt: skip
            spans = [(m.start, m.end) for m, i in s.states if i == member] + [(t.start, t.end)]
            candidate = Candidate("relationship", fields, s.excerpt, _quote(s, *spans), 0.5,
                                  f"membership implied:{t.phrase}")  # fmt: skip
            memory.memberships[(member, org_key)] = candidate
            memory.implied.append(candidate)
        if candidate is None or "end" in candidate.fields:
            continue
        if day.value > HistDate.parse(candidate.fields["start"]).value:
            candidate.fields["end"] = str(day)
            candidate.extra["end_excerpt"] = (s.excerpt, (t.start, t.end))


KIND_OF_RULE = {"occupy": "occupied", "annex": "annexed", "deploy": "deployed_to",
                "back": "backed", "partition": "partitioned"}  # fmt: skip


def _between_states(
    s: Sentence, t: Trigger, memory: Memory, subjects_here: list[str]
) -> list[Candidate]:
    kind = KIND_OF_RULE[t.rule]
    if t.phrase in ("stayed until", "remained until"):
        subject_list, _ = _subjects(s, t.start, memory)
        for subject in subject_list:
            deployed = memory.deployments.get(subject)
            if deployed is not None and s.end_day is not None and "end" not in deployed.fields:
                deployed.fields["end"] = str(s.end_day)
        return []
    if (
        t.rule == "deploy"
        and not s.soldiers_near(t.start)
        and t.phrase in ("deployed", "stationed")
    ):
        return []
    end = _clause_end(s, t)
    by = re.match(r"\s*(?:(?:of\s+)?(?P<what>[^,;]*?)\s+)?by\b", s.text[t.end : end])
    passive = by is not None and (
        re.search(r"\b(?:was|were|been|being)\s*$", s.text[s.start : t.start])
        or (t.phrase.startswith("occupation") and by["what"])
    )
    if passive:  # "Korea was annexed by Japan", "the occupation of Iceland by British forces"
        assert by is not None
        after_by = t.end + by.end()
        subjects = [i for _, i in s.states_between(after_by, end)][:1]
        before = [i for m, i in s.states if max(s.clause_start, s.start) <= m.start < t.start]
        objects = [i for _, i in s.states_between(t.end, after_by)] or list(dict.fromkeys(before))
        guessed = False
    else:
        subjects, guessed = _subjects(s, t.start, memory)
        objects = list(dict.fromkeys(i for _, i in s.states_between(t.end, end)))
    s.last_subjects = subjects or s.last_subjects
    day = s.date_near(t)
    if not objects or not subjects or day is None:
        return []
    out = []
    targets = objects if kind != "partitioned" else objects[-1:]
    for subject in subjects if kind in ("partitioned",) else subjects[:1]:
        for target in targets:
            if subject == target:
                continue
            fields = {"kind": kind, "subject": subject, "object": target, "start": str(day)}
            if s.end_day is not None and s.end_day.value > day.value:
                fields["end"] = str(s.end_day)
            spans = [(m.start, m.end) for m, i in s.states if i in (subject, target)]
            candidate = Candidate("relationship", fields, s.excerpt,
                                  _quote(s, *spans, (t.start, t.end)),
                                  confidence(0.8, s, guessed), f"{kind}:{t.phrase}")  # fmt: skip
            out.append(candidate)
            if kind in ("deployed_to", "occupied"):
                memory.deployments[subject] = candidate
            subjects_here.append(subject)
    return out
