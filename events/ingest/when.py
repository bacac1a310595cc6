"""Dates in a sentence, with their precision and role, and relative ones ("a month later",
"the following year") counted from the previous date of the text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from events.dates import HistDate

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.pop("may", None)  # "may" the verb; the month is matched as "May" below
MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
YEAR = r"(?P<year>1[5-9][0-9]{2}|20[0-9]{2})(?![0-9])"
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
# fmt: off
PATTERNS = [
    ("day", re.compile(rf"(?<![0-9]){DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}")),
    ("day", re.compile(rf"{MONTH}\s+(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?,?\s+{YEAR}")),
    ("month", re.compile(rf"{MONTH},?\s+(?:of\s+)?{YEAR}")),
    ("range", re.compile(rf"(?<![0-9]){YEAR}\s*[-–]\s*(?P<to>[0-9]{{2,4}})(?![0-9])")),
    ("year", re.compile(rf"(?<![0-9A-Za-z/-]){YEAR}(?:s(?P<decade>))?(?![0-9])")),
    ("relative", re.compile(
        r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]+)\s+"
        r"(?P<unit>day|week|month|year)s?\s+(?P<dir>later|after(?:wards)?|on)\b", re.I)),
    ("relative", re.compile(
        r"\b(?:the\s+)?(?P<which>following|next|same)\s+(?P<unit>year|month)\b", re.I)),
    ("relative", re.compile(r"\b(?P<which>that)\s+(?P<unit>year)\b", re.I)),
]
# fmt: on
END_WORDS = re.compile(
    r"\b(?:until|till|up to|to|through|left in|stayed until|remained until|ended in|"
    r"withdrew in|withdrawn in|pulled out in|lasted until)\s*(?:the\s+)?(?:end\s+of\s+)?$",
    re.I,
)  # fmt: skip


@dataclass(frozen=True)
class When:
    """A date in the text: its span, the date, and whether it closes something (an end)."""

    start: int
    end: int
    value: HistDate
    is_end: bool
    relative: bool = False


def dates_in(text: str, previous: HistDate | None) -> list[When]:
    """Every date in ``text`` in order; a relative one needs ``previous`` (else it is skipped).
    A range ("1936-1941") gives two: its start and an end."""
    taken: list[tuple[int, int]] = []
    found: list[When] = []
    relatives: list[re.Match[str]] = []
    for name, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            if name == "year" and match.group("decade") is not None:
                continue  # "the 1950s": not a date to draw
            if name == "relative":
                relatives.append(match)
                taken.append((match.start(), match.end()))
                continue
            made = _make(name, match, previous)
            if not made:
                continue
            taken.append((match.start(), match.end()))
            for value, closing in made:
                is_end = closing or bool(END_WORDS.search(text[: match.start()]))
                found.append(When(match.start(), match.end(), value, is_end))
    for match in relatives:  # counted from the last date before it, in this text or earlier
        before = [w for w in found if w.start < match.start() and not w.relative]
        base = max(before, key=lambda w: w.start).value if before else previous
        moved = _relative(match, base)
        if moved is not None:
            is_end = bool(END_WORDS.search(text[: match.start()]))
            found.append(When(match.start(), match.end(), moved, is_end, relative=True))
    found.sort(key=lambda w: (w.start, w.is_end))
    return found


def _make(
    name: str, match: re.Match[str], previous: HistDate | None
) -> list[tuple[HistDate, bool]]:
    try:
        if name in ("day", "month"):
            month = _month(match.group("month"))
            if month is None:
                return []
            text = f"{match.group('year')}-{month:02d}"
            if name == "day":
                text += f"-{int(match.group('day')):02d}"
            return [(HistDate.parse(text), False)]
        if name == "year":
            return [(HistDate.parse(match.group("year")), False)]
        if name == "range":
            first, to = match.group("year"), match.group("to")
            last = int(first[: 4 - len(to)] + to)
            if not int(first) < last <= int(first) + 100:
                return []
            return [(HistDate.parse(first), False), (HistDate.parse(str(last)), True)]
        return []
    except ValueError:
        return []


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return 5 if word == "may" else MONTHS.get(word[:3] if word != "sept" else "sep")


def _relative(match: re.Match[str], previous: HistDate | None) -> HistDate | None:
    if previous is None:
        return None
    groups = match.groupdict()
    unit = groups["unit"].lower()
    if groups.get("which"):
        step = 0 if groups["which"].lower() in ("same", "that") else 1
        count = step
    else:
        raw = groups["n"].lower()
        count = NUMBERS.get(raw) or int(raw)
    base = previous.value
    if unit == "year":
        return HistDate(date(base.year + count, 1, 1), "year")
    if unit == "month":
        months = base.year * 12 + base.month - 1 + count
        return HistDate(date(months // 12, months % 12 + 1, 1), "month")
    days = count * (7 if unit == "week" else 1)
    if previous.precision != "day":
        return None  # "a week after" a month: no honest day
    return HistDate(date.fromordinal(base.toordinal() + days), "day")
