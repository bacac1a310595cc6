"""The smallest valid pack, written by code, for the broken-pack suites to damage.

Its polities are fictional and defined in the pack itself (polities.yaml), so the base stays
valid whatever the gazetteer holds. ``line(name, needle)`` finds the line a mutation damages,
so expected messages name exact lines without counting by hand.
"""

from __future__ import annotations

from pathlib import Path

MANIFEST = """\
title: Hardening base pack
description: The smallest valid pack; each broken-pack case damages one thing in it.
corpus: corpus.txt
excerpt_prefix: base
sources:
  - title: Sentences invented for the tests
    author: histatlas tests
    licence: CC0-1.0
horizon:
  start: 1900
  end: 1950
default_view:
  year: 1920
"""

CORPUS = """\
Ruritania and Syldavia signed a treaty of friendship in Strelsau in 1920.
The Entente of Strelsau was their common council.
The treaty ended in 1935 when Syldavia left the Entente.
"""

POLITIES = """\
- id: ruritania
  name: Ruritania
  start: 1900
  lat: 50.0
  lon: 15.0
- id: syldavia
  name: Syldavia
  start: 1900-01-01
  lat: 45.0
  lon: 20.0
"""

ORGANISATIONS = """\
- id: entente-of-strelsau
  name: Entente of Strelsau
  kind: alliance
  seat:
    polity: ruritania
  start: 1920-03-01
  end: 1935
  provenance: stated
  excerpts:
    - excerpt: base-02
      quote: The Entente of Strelsau
"""

EVENTS = """\
- id: treaty-of-friendship
  title: Treaty of friendship
  kind: treaty
  start: 1920-03-01
  places:
    - polity: ruritania
    - lat: 45.0
      lon: 20.0
      label: Klow
  provenance: stated
  excerpts:
    - excerpt: base-01
      quote: signed a treaty of friendship
"""

RELATIONSHIPS = """\
- id: syldavia-in-entente
  kind: member_of
  subject: syldavia
  object: entente-of-strelsau
  start: 1920-03-01
  end: 1935-06-30
  provenance: context
  note: Invented for the tests; the leaving date is made up.
  excerpts:
    - excerpt: base-03
      quote: Syldavia left the Entente
"""

TOURS = """\
- id: base-tour
  title: A short tour
  slides:
    - title: The treaty
      date: 1920-03-01
      focus: [treaty-of-friendship]
      caption: Two states sign a treaty.
      excerpts: [base-01]
"""

FILES: dict[str, str] = {
    "manifest.yaml": MANIFEST,
    "corpus.txt": CORPUS,
    "polities.yaml": POLITIES,
    "organisations.yaml": ORGANISATIONS,
    "events.yaml": EVENTS,
    "relationships.yaml": RELATIONSHIPS,
    "tours.yaml": TOURS,
}


def write_base_pack(directory: Path) -> Path:
    """Write the valid base pack into ``directory`` (created) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def line(name: str, needle: str) -> int:
    """The 1-based line of the base file ``name`` on which ``needle`` first occurs."""
    for number, text in enumerate(FILES[name].splitlines(), start=1):
        if needle in text:
            return number
    raise ValueError(f"{needle!r} is not in the base {name}")
