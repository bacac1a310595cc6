"""Broken packs, part 2: record schema, dates, ids, references and quotes."""

from __future__ import annotations

from tests.hardening import mutations as m
from tests.hardening.basepack import EVENTS
from tests.hardening.basepack import line as at
from tests.hardening.cases import Case as C

EV, REL, POL, TOUR = "events.yaml", "relationships.yaml", "polities.yaml", "tours.yaml"
TREATY, MEMBER, TOUR_ID = "treaty-of-friendship", "syldavia-in-entente", "base-tour"
KIND, START, LAT = at(EV, "kind: treaty"), at(EV, "start:"), at(EV, "- lat: 45.0")
QUOTE = at(EV, "quote:")
PLACES = "  places:\n    - polity: ruritania\n    - lat: 45.0\n      lon: 20.0\n      label: Klow\n"
LINKS = "  excerpts:\n    - excerpt: base-01\n      quote: signed a treaty of friendship\n"


def event(old: str, new: str) -> m.Mutation:
    return m.replace(EV, old, new)


def start(value: str) -> m.Mutation:
    return event("  start: 1920-03-01", f"  start: {value}")


def quote(value: str) -> m.Mutation:
    return event("quote: signed a treaty of friendship", f"quote: {value}")


def lat(value: str) -> m.Mutation:
    return event("    - lat: 45.0", f"    - lat: {value}")


RECORD_CASES = [
    # --- schema -------------------------------------------------------------------------
    C(
        "event-missing-title",
        event("  title: Treaty of friendship\n", ""),
        f"{EV}:1: {TREATY}: title: required field is missing",
    ),
    C(
        "event-unknown-field",
        event("  title: Treaty", "  titel: Treaty"),
        f"{EV}:2: {TREATY}: titel: unknown field",
    ),
    C(
        "places-wrong-type",
        event(PLACES, "  places: ruritania\n"),
        f"{EV}:{at(EV, 'places:')}: {TREATY}: places: valid list",
    ),
    C("start-is-a-boolean", start("yes"), f"{EV}:{START}: {TREATY}: start: expected a date"),
    C("id-is-an-integer", event(f"- id: {TREATY}", "- id: 12345"), f"{EV}:1: -: id: valid string"),
    C(
        "id-is-a-list",
        event(f"- id: {TREATY}", "- id: [treaty, of, friendship]"),
        f"{EV}:1: -: id: valid string",
    ),
    C(
        "id-not-kebab-case",
        event(f"- id: {TREATY}", "- id: Treaty Of Friendship"),
        f"{EV}:1: Treaty Of Friendship: id: should match pattern",
    ),
    C(
        "id-with-newline",
        event(f"- id: {TREATY}", '- id: "treaty\\nTraceback (most recent call last):"'),
        f"{EV}:1: -: id: should match pattern",
    ),
    C(
        "title-one-megabyte",
        event("  title: Treaty of friendship", "  title: " + "x" * 1_000_000),
        f"{EV}:2: {TREATY}: title: at most 20000 characters",
    ),
    C(
        "latitude-out-of-range",
        lat("95.0"),
        f"{EV}:{LAT}: {TREATY}: places[1].lat: less than or equal to 90",
    ),
    C("latitude-nan", lat(".nan"), f"{EV}:{LAT}: {TREATY}: places[1].lat: "),
    C("latitude-infinite", lat("1e400"), f"{EV}:{LAT}: {TREATY}: places[1].lat: "),
    C(
        "lat-without-lon",
        event("      lon: 20.0\n", ""),
        f"{EV}:{LAT}: {TREATY}: places[1]: lat and lon go together",
    ),
    C(
        "provenance-unknown",
        event("  provenance: stated", "  provenance: rumour"),
        f"{EV}:{at(EV, 'provenance:')}: {TREATY}: provenance: 'stated' or 'context'",
    ),
    C(
        "no-excerpts",
        event(LINKS, "  excerpts: []\n"),
        f"{EV}:{at(EV, 'excerpts:')}: {TREATY}: excerpts: at least 1 item",
    ),
    C(
        "empty-quote",
        quote('""'),
        f"{EV}:{QUOTE}: {TREATY}: excerpts[0].quote: at least 1 character",
    ),
    C(
        "attribute-is-a-list",
        event("  kind: treaty\n", "  kind: treaty\n  attributes: {troops: [1, 2]}\n"),
        f"{EV}:{KIND + 1}: {TREATY}: attributes.troops.str: valid string",
    ),
    C(
        "relationship-kind-unknown",
        m.replace(REL, "  kind: member_of", "  kind: allied_with"),
        f"{REL}:2: {MEMBER}: kind: 'member_of'",
    ),
    C(
        "iso3-lowercase",
        m.replace(POL, "  name: Syldavia\n", "  name: Syldavia\n  iso3: syl\n"),
        f"{POL}:{at(POL, 'name: Syldavia') + 1}: syldavia: iso3: should match pattern",
    ),
    C(
        "tour-without-slides",
        m.write(TOUR, f"- id: {TOUR_ID}\n  title: A short tour\n  slides: []\n"),
        f"{TOUR}:3: {TOUR_ID}: slides: at least 1 item",
    ),
    C(
        "tour-bounds-reversed",
        m.replace(TOUR, "      caption:", "      bounds: [60, 10, 40, 30]\n      caption:"),
        f"{TOUR}:{at(TOUR, '- title: The treaty')}: {TOUR_ID}: slides[0]: south < north",
    ),
    # --- dates --------------------------------------------------------------------------
    C(
        "impossible-date-feb-30",
        start("1955-02-30"),
        f"{EV}:{START}: {TREATY}: start: February 1955 has 28 days",
    ),
    C(
        "not-a-leap-year-1900",
        start("1900-02-29"),
        f"{EV}:{START}: {TREATY}: start: February 1900 has 28 days",
    ),
    C("month-13", start("1920-13"), f"{EV}:{START}: {TREATY}: start: month must be 01-12"),
    C("year-zero", start("0000-01-01"), f"{EV}:{START}: {TREATY}: start: years run from 0001"),
    C(
        "date-with-time",
        start("1920-03-01T10:00:00"),
        f"{EV}:{START}: {TREATY}: start: is not a date like",
    ),
    C("date-free-text", start("spring 1920"), f"{EV}:{START}: {TREATY}: start: is not a date like"),
    C(
        "end-before-start",
        m.replace(REL, "  end: 1935-06-30", "  end: 1919-12-31"),
        f"{REL}:6: {MEMBER}: end: end 1919-12-31 is not after start 1920-03-01",
    ),
    C(
        "end-equals-start",
        m.replace(REL, "  end: 1935-06-30", "  end: 1920-03-01"),
        f"{REL}:6: {MEMBER}: end: is not after start",
    ),
    # --- references, ids, quotes --------------------------------------------------------
    C(
        "unknown-polity-subject",
        m.replace(REL, "  subject: syldavia", "  subject: atlantis"),
        f"{REL}:3: {MEMBER}: subject: unknown polity or organisation 'atlantis'",
    ),
    C(
        "unknown-organisation-object",
        m.replace(REL, "  object: entente-of-strelsau", "  object: league-of-nowhere"),
        f"{REL}:4: {MEMBER}: object: 'league-of-nowhere'",
    ),
    C(
        "member-of-a-polity",
        m.replace(REL, "  object: entente-of-strelsau", "  object: ruritania"),
        f"{REL}:4: {MEMBER}: object: member_of needs an organisation as object",
    ),
    C(
        "unknown-place-polity",
        event("    - polity: ruritania", "    - polity: atlantis"),
        f"{EV}:{at(EV, '- polity: ruritania')}: {TREATY}: places[0].polity: unknown polity",
    ),
    C(
        "unknown-owner",
        m.replace(POL, "  name: Syldavia\n", "  name: Syldavia\n  status: colony\n  owner: x\n"),
        f"{POL}:{at(POL, 'name: Syldavia') + 2}: syldavia: owner: unknown polity 'x'",
    ),
    C(
        "tour-focus-unknown",
        m.replace(TOUR, "focus: [treaty-of-friendship]", "focus: [treaty-of-enmity]"),
        f"{TOUR}:{at(TOUR, 'focus:')}: {TOUR_ID}: slides[0].focus[0]: unknown id 'treaty-of-",
    ),
    C(
        "unknown-excerpt",
        event("    - excerpt: base-01", "    - excerpt: base-99"),
        f"{EV}:{at(EV, '- excerpt:')}: {TREATY}: excerpts[0].excerpt: unknown excerpt 'base-99'",
    ),
    C(
        "quote-not-in-excerpt",
        quote("signed a treaty of alliance"),
        f"{EV}:{QUOTE}: {TREATY}: excerpts[0].quote: quote not found verbatim in excerpt base-01",
    ),
    C(
        "quote-from-another-excerpt",
        quote("their common council"),
        f"{EV}:{QUOTE}: {TREATY}: excerpts[0].quote: not found verbatim",
    ),
    C(
        "quote-differs-in-case",
        quote("Signed a treaty of friendship"),
        f"{EV}:{QUOTE}: {TREATY}: excerpts[0].quote: not found verbatim",
    ),
    C(
        "quote-with-terminal-escape",
        quote('"\\e]0;owned\\a\\e[2Jsigned"'),
        f"{EV}:{QUOTE}: {TREATY}: excerpts[0].quote: not found verbatim",
    ),
    C(
        "duplicate-id-same-file",
        m.append(EV, EVENTS),
        f"{EV}:{len(EVENTS.splitlines()) + 1}: {TREATY}: id: duplicate id (first defined at",
    ),
    C(
        "duplicate-id-across-files",
        m.replace(REL, f"- id: {MEMBER}", f"- id: {TREATY}"),
        f"{REL}:1: {TREATY}: id: duplicate id",
    ),
    C(
        "duplicate-polity-id",
        m.replace(POL, "- id: syldavia", "- id: ruritania"),
        f"{POL}:{at(POL, '- id: syldavia')}: ruritania: id: duplicate id",
    ),
    C(
        "context-without-note",
        m.replace(REL, "  note: Invented for the tests; the leaving date is made up.\n", ""),
        f"{REL}:{at(REL, 'provenance:')}: {MEMBER}: provenance: needs a note",
    ),
]
