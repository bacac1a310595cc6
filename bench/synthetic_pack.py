"""Generate large, valid synthetic packs over the gazetteer's polities, for benchmarks and tests.

``python -m bench.synthetic_pack --records 10000 -o DIR`` writes a pack directory: a corpus
of invented sentences, organisations, events and relationships (about half each) whose
polities exist on their start dates, every record quoting words verbatim from an excerpt,
and every excerpt linked by some record. Deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from geodata.polities import load_gazetteer

HORIZON = (1772, 2020)
PREFIX = "syn"
RECORDS_PER_EXCERPT = 50
RECORDS_PER_ORGANISATION = 100
PART_BYTES = 4_000_000  # each record file stays under the loader's 5 MB per-file limit
EVENT_KINDS = ("battle", "treaty", "congress", "uprising", "election", "strike", "founding")
POLITY_KINDS = ("occupied", "backed", "deployed_to", "partitioned", "annexed")
_WORD_TEXT = (
    "delegates congress treaty workers party union alliance council army troops border "
    "revolution government republic empire federation committee assembly declaration "
    "protocol conference socialist international movement regiment province capital "
    "uprising strike election agreement recognition mission volunteers advisers"
)
WORDS = tuple(_WORD_TEXT.split())


@dataclass(frozen=True)
class Span:
    """One stretch of a polity's life: [start, end) with end None for open."""

    polity: str
    start: date
    end: date | None


def _spans() -> list[Span]:
    """Every period of every gazetteer polity, clipped to the horizon."""
    first, last = date(HORIZON[0], 1, 1), date(HORIZON[1], 12, 31)
    spans = []
    gazetteer = load_gazetteer()
    for polity_id in sorted(gazetteer.ids()):
        for period in gazetteer.get(polity_id).periods:
            start = max(period.start, first)
            end = period.end if period.end is None or period.end <= last else None
            if end is None or end - start > timedelta(days=2):
                spans.append(Span(polity_id, start, end))
    if not spans:
        raise SystemExit("synthetic_pack: the gazetteer holds no polities")
    return spans


def _day_in(rng: random.Random, span: Span) -> date:
    """A day at which the polity exists, at least one day before its end."""
    last = (span.end or date(HORIZON[1], 12, 31)) - timedelta(days=1)
    return span.start + timedelta(days=rng.randrange(max(1, (last - span.start).days)))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(self, records: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.records = records
        self.spans = _spans()
        self.excerpts = [self._sentence(n) for n in range(max(20, records // RECORDS_PER_EXCERPT))]
        self.next_excerpt = 0  # the first records link every excerpt once, in order

    def _sentence(self, n: int) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(12, 30))]
        return f"Excerpt {n + 1}: the " + " ".join(words) + f" in {1772 + n % 249}."

    def link(self) -> str:
        """An excerpts: block quoting a run of words verbatim from an excerpt."""
        if self.next_excerpt < len(self.excerpts):
            index, self.next_excerpt = self.next_excerpt, self.next_excerpt + 1
        else:
            index = self.rng.randrange(len(self.excerpts))
        words = self.excerpts[index].split(" ")
        a = self.rng.randrange(len(words) - 3)
        quote = " ".join(words[a : a + self.rng.randint(2, 6)])
        return f"  excerpts:\n    - excerpt: {PREFIX}-{index + 1:02d}\n      quote: {_q(quote)}\n"

    def dates(self, start: date, span: Span) -> str:
        """start (day, month or year precision, inside the span) and maybe a later end."""
        text = start.isoformat()
        precision = self.rng.choice(("day", "day", "month", "year"))
        first, last = {
            "day": (start, start),
            "month": (start.replace(day=1), start.replace(day=28)),
            "year": (date(start.year, 1, 1), date(start.year, 12, 31)),
        }[precision]
        if span.start <= first and (span.end is None or last < span.end):
            text = {"day": text, "month": text[:7], "year": text[:4]}[precision]
        lines = f"  start: {_q(text)}\n"
        if self.rng.random() < 0.7:
            end = last + timedelta(days=self.rng.randint(1, 365 * 30))
            lines += f"  end: {_q(end.isoformat())}\n"
        return lines

    def provenance(self) -> str:
        if self.rng.random() < 0.8:
            return "  provenance: stated\n"
        return "  provenance: context\n  note: Synthetic reference note for benchmarks.\n"

    def organisation(self, n: int) -> str:
        span = self.rng.choice(self.spans)
        start = _day_in(self.rng, span)
        return (
            f"- id: org-{n:06d}\n  name: {_q(f'Synthetic organisation {n}')}\n  kind: alliance\n"
            f"  seat:\n    polity: {span.polity}\n  start: {_q(start.isoformat())}\n"
            + self.provenance()
            + self.link()
        )

    def event(self, n: int) -> str:
        span = self.rng.choice(self.spans)
        start = _day_in(self.rng, span)
        lat, lon = self.rng.uniform(-60, 70), self.rng.uniform(-170, 170)
        return (
            f"- id: event-{n:06d}\n  title: {_q(f'Synthetic {self.rng.choice(EVENT_KINDS)} {n}')}\n"
            f"  kind: {self.rng.choice(EVENT_KINDS)}\n  start: {_q(start.isoformat())}\n"
            f"  places:\n    - polity: {span.polity}\n"
            f"    - lat: {lat:.3f}\n      lon: {lon:.3f}\n      label: {_q(f'Place {n}')}\n"
            + self.provenance()
            + self.link()
        )

    def relationship(self, n: int, organisations: list[tuple[str, date]]) -> str:
        span = self.rng.choice(self.spans)
        start = _day_in(self.rng, span)
        founded = [org for org, day in organisations if day <= start]
        if founded and self.rng.random() < 0.4:
            kind, other = "member_of", self.rng.choice(founded)
        else:
            kind = self.rng.choice(POLITY_KINDS)
            alive = [s.polity for s in self.spans if s.start <= start and (s.end or start) >= start]
            alive = [p for p in alive if p != span.polity] or [span.polity]
            other = self.rng.choice(alive)
        return (
            f"- id: rel-{n:06d}\n  kind: {kind}\n  subject: {span.polity}\n  object: {other}\n"
            + self.dates(start, span)
            + self.provenance()
            + self.link()
        )


def write_parts(out: Path, stem: str, records: Iterable[str]) -> list[Path]:
    """``stem.yaml``, then ``stem-0002.yaml``, ... each under PART_BYTES (the format's parts)."""
    paths: list[Path] = []
    chunk: list[str] = []
    size = 0

    def flush() -> None:
        name = f"{stem}.yaml" if not paths else f"{stem}-{len(paths) + 1:04d}.yaml"
        paths.append(out / name)
        paths[-1].write_text("".join(chunk), encoding="utf-8")

    for text in records:
        if chunk and size + len(text.encode()) > PART_BYTES:
            flush()
            chunk, size = [], 0
        chunk.append(text)
        size += len(text.encode())
    flush()
    return paths


def generate(records: int, out: Path, seed: int = 0) -> Path:
    """Write a valid pack of about ``records`` organisations, events and relationships."""
    writer = _Writer(records, seed)
    out.mkdir(parents=True, exist_ok=True)
    n_orgs = max(5, records // RECORDS_PER_ORGANISATION)
    n_events = (records - n_orgs) // 2
    n_rels = records - n_orgs - n_events
    orgs_text, organisations = [], []
    for n in range(n_orgs):
        text = writer.organisation(n)
        orgs_text.append(text)
        organisations.append((f"org-{n:06d}", date.fromisoformat(text.split('start: "')[1][:10])))
    write_parts(out, "organisations", orgs_text)
    write_parts(out, "events", (writer.event(n) for n in range(n_events)))
    write_parts(
        out, "relationships", (writer.relationship(n, organisations) for n in range(n_rels))
    )
    (out / "corpus.txt").write_text("\n".join(writer.excerpts) + "\n", encoding="utf-8")
    (out / "manifest.yaml").write_text(_manifest(records), encoding="utf-8")
    return out


def _manifest(records: int) -> str:
    return (
        f"title: Synthetic pack of {records} records\n"
        "description: Generated by bench/synthetic_pack.py for benchmarks; not history.\n"
        f"corpus: corpus.txt\nexcerpt_prefix: {PREFIX}\n"
        "sources:\n  - title: Invented sentences\n    author: histatlas bench\n"
        "    licence: CC0-1.0\n"
        f"horizon:\n  start: {HORIZON[0]}\n  end: {HORIZON[1]}\n"
        "default_view:\n  year: 1950\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic_pack", description=__doc__)
    parser.add_argument("--records", type=int, default=10_000, help="number of records")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="pack directory to write")
    args = parser.parse_args(argv)
    if args.records < 10:
        parser.error("--records must be at least 10")
    path = generate(args.records, args.out, args.seed)
    size = sum(f.stat().st_size for f in path.iterdir())
    print(f"wrote {args.records} records to {path} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
