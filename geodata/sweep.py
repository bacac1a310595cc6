"""The world-wide accuracy sweep against CShapes 2.0: every independent state, every five years.

``python -m geodata.sweep [--write]`` (or ``make sweep``; needs ``../shared/reference``) scores
every independent state of CShapes 2.0 (COW edition) over 5,000 km2 on ``DAYS`` with the
accuracy report's rule (``accuracy_report.score``: equal-area IoU, a state composed with its
dependencies that have no COW unit of their own, inside the unit's frame), prints the summary,
the table by era and the worst 30 state-dates, and with ``--write`` puts it into docs/data.md.
State-dates covered by a row of ``data/cshapes-choices.csv`` are reported apart from errors.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shapely

from geodata.coverage import area_km2
from geodata.paths import DATA_DIR
from geodata.sources.accuracy_report import REPO, Score, reference_file, score
from geodata.sources.cshapes import CShapesRow, read_rows

# 1 July, away from the 1 January on which CShapes and many treaties begin a period, every five
# years from 1887 (the first whole year after CShapes' start, 1886-01-01) to 1987, and 1991,
# the last year the gazetteer is checked for (the map sweep's horizon).
DAYS = (*(date(year, 7, 1) for year in range(1887, 1988, 5)), date(1991, 7, 1))
ERAS = (
    ("1887-1897", 1887, 1897),
    ("1902-1917", 1902, 1917),
    ("1922-1937", 1922, 1937),
    ("1942-1947", 1942, 1947),
    ("1952-1967", 1952, 1967),
    ("1972-1991", 1972, 1991),
)
MIN_KM2 = 5000.0
WORST = 30
CHOICES_FILE = DATA_DIR / "cshapes-choices.csv"
CHOICE_FIELDS = ["cow", "polity", "start", "end", "what", "why", "source"]
NOTES = REPO / "docs" / "data.md"
BEGIN, END = "<!-- sweep:begin -->", "<!-- sweep:end -->"


@dataclass(frozen=True)
class Choice:
    """A deliberate difference from CShapes on one unit over [start, end)."""

    cow: int
    polity: str
    start: date
    end: date | None
    what: str
    why: str
    source: str

    def covers(self, found: Score) -> bool:
        after_start = self.start <= found.day and (self.end is None or found.day < self.end)
        return found.cow == self.cow and after_start


def read_choices(path: Path = CHOICES_FILE) -> tuple[Choice, ...]:
    """The rows of the choices file (``#`` lines are notes); ValueError names a bad line."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    rows = csv.reader(line for _, line in lines)
    if next(rows, None) != CHOICE_FIELDS:
        raise ValueError(f"{path.name}: the header must be {','.join(CHOICE_FIELDS)}")
    found = []
    for (number, _), row in zip(lines[1:], rows, strict=True):
        if len(row) != len(CHOICE_FIELDS) or not all(row[i] for i in (0, 1, 2, 4, 5, 6)):
            raise ValueError(
                f"{path.name}:{number}: needs {len(CHOICE_FIELDS)} fields, all but end"
            )
        cow, polity, start, end, what, why, source = row
        try:
            found.append(
                Choice(int(cow), polity, date.fromisoformat(start),
                       date.fromisoformat(end) if end else None, what, why, source)
            )  # fmt: skip
        except ValueError as error:
            raise ValueError(f"{path.name}:{number}: {error}") from None
    return tuple(found)


def sweep(rows: Sequence[CShapesRow], days: Iterable[date] = DAYS) -> list[Score]:
    """Every independent CShapes unit over ``MIN_KM2`` on each day, scored."""
    found = []
    for day in days:
        today = [r for r in rows if r.start <= day < r.end]
        present = {r.cow for r in today}
        for row in today:
            big = area_km2(shapely.make_valid(row.geometry)) >= MIN_KM2  # type: ignore[arg-type]
            if row.status == "independent" and big:
                found.append(score(row, day, present, with_baseline=False))
    return found


@dataclass(frozen=True)
class Summary:
    count: int
    good: float  # share with IoU >= 0.85
    fair: float  # share with IoU >= 0.70
    poor: int  # count with IoU < 0.5
    median: float
    area: float  # share with area within 10 %

    @classmethod
    def of(cls, scores: Sequence[Score]) -> Summary:
        n = max(len(scores), 1)
        return cls(
            count=len(scores),
            good=sum(s.iou >= 0.85 for s in scores) / n,
            fair=sum(s.iou >= 0.70 for s in scores) / n,
            poor=sum(s.iou < 0.5 for s in scores),
            median=statistics.median(s.iou for s in scores) if scores else 0.0,
            area=sum(abs(s.area_ratio - 1) <= 0.10 for s in scores) / n,
        )

    def cells(self) -> str:
        return (
            f"{self.count} | {self.good:.1%} | {self.fair:.1%} | {self.poor} | "
            f"{self.median:.3f} | {self.area:.1%}"
        )


def choice_of(found: Score, choices: Sequence[Choice]) -> Choice | None:
    return next((c for c in choices if c.covers(found)), None)


def report(
    scores: Sequence[Score], choices: Sequence[Choice], seconds: float, cpu: float | None = None
) -> str:
    """The sweep's summary as Markdown: overall, by era, the worst state-dates, the choices."""
    errors = [s for s in scores if choice_of(s, choices) is None]
    head = "| | state-dates | IoU >= 0.85 | >= 0.70 | < 0.5 | median | area +-10% |"
    lines = [
        f"{len(DAYS)} dates ({DAYS[0]}, then every five years to {DAYS[-2]}, and {DAYS[-1]}); "
        f"{len(scores)} state-dates; run time {seconds:.0f} s"
        + (f" ({cpu:.0f} s of CPU)." if cpu is not None else "."),
        "",
        head,
        "|---|---|---|---|---|---|---|",
        f"| all | {Summary.of(scores).cells()} |",
        f"| apart from documented choices | {Summary.of(errors).cells()} |",
    ]
    for label, first, last in ERAS:
        era = [s for s in scores if first <= s.day.year <= last]
        lines.append(f"| {label} | {Summary.of(era).cells()} |")
    lines += ["", f"Worst {WORST} state-dates:", "",
              "| date | CShapes unit (COW) | histatlas | IoU | area ratio | choice |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for s in sorted(scores, key=lambda s: (s.iou, s.day))[:WORST]:
        choice = choice_of(s, choices)
        ours = " + ".join(s.ours) if len(s.ours) <= 3 else f"{s.ours[0]} + {len(s.ours) - 1}"
        lines.append(
            f"| {s.day} | {s.name} ({s.cow}) | {ours} | {s.iou:.3f} | {s.area_ratio:.3f} | "
            f"{f'choice {choices.index(choice) + 1}' if choice else '-'} |"
        )
    lines += ["", "Documented choices (`geodata/data/cshapes-choices.csv`, with why and source):",
              "", "| # | COW | from | to | what | state-dates (IoU) |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for number, c in enumerate(choices, start=1):
        covered = [s.iou for s in scores if c.covers(s)]
        span = f"{len(covered)} ({min(covered):.3f}-{max(covered):.3f})" if covered else "0"
        lines.append(f"| {number} | {c.cow} | {c.start} | {c.end or ''} | {c.what} | {span} |")
    return "\n".join(lines)


def write_notes(text: str, path: Path = NOTES) -> None:
    """Replace the text between the sweep markers in the data notes."""
    notes = path.read_text(encoding="utf-8")
    before, _, rest = notes.partition(BEGIN)
    _, found, after = rest.partition(END)
    if not found:
        raise ValueError(f"{path.name}: the markers {BEGIN} and {END} are missing")
    path.write_text(f"{before}{BEGIN}\n{text}\n{END}{after}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.sweep", description=__doc__)
    parser.add_argument("--write", action="store_true", help="update the section in docs/data.md")
    args = parser.parse_args(argv)
    path = reference_file()
    if not path.exists():
        sys.stderr.write(f"sweep: {path} not found (reference data absent)\n")
        return 1
    began, began_cpu = time.monotonic(), time.process_time()
    found = sweep(read_rows(path))
    elapsed, cpu = time.monotonic() - began, time.process_time() - began_cpu
    text = report(found, read_choices(), elapsed, cpu)
    print(text)
    if args.write:
        write_notes(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
