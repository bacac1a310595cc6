"""Years in which the year view changes, and the span of years that all show the same map.

A year view shows every record that held at any time during the year, flagged when it began
or ended within it, over the borders of 1 July. So the view of year Y differs from that of
Y - 1 exactly when a record begins in Y or Y - 1, ends (has its last day) in Y or Y - 1, or a
border changes between 2 July of Y - 1 and 1 July of Y. Between two such years nothing on the
map, in the table or in the source panel changes: the app redraws only the time controls.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date, timedelta

from events.model import Pack


def record_change_years(pack: Pack) -> set[int]:
    """Years whose year view differs from the year before because of a record."""
    years: set[int] = set()
    for group in (pack.relationships, pack.events, pack.organisations):
        for record in group:
            interval = record.interval
            first = interval.start.year
            years.update((first, first + 1))
            if interval.end is not None:
                last = (interval.end - timedelta(days=1)).year
                years.update((last, last + 1))
    return years


def border_change_years(change_dates: Iterable[date]) -> set[int]:
    """Years whose 1 July borders differ from the year before's (a change on 2 July or later
    first shows in the next year's view)."""
    return {d.year if (d.month, d.day) <= (7, 1) else d.year + 1 for d in change_dates}


def view_change_years(
    pack: Pack, border_dates: Iterable[date], horizon: tuple[int, int]
) -> list[int]:
    """Sorted years inside the horizon in which the year view changes."""
    first, last = horizon
    years = record_change_years(pack) | border_change_years(border_dates)
    return sorted(y for y in years if first < y <= last)


def same_map_span(year: int, changes: list[int], horizon: tuple[int, int]) -> tuple[int, int]:
    """First and last year around ``year`` whose year views are all the same as its own."""
    first, last = horizon
    index = bisect.bisect_right(changes, year)
    start = changes[index - 1] if index > 0 else first
    end = changes[index] - 1 if index < len(changes) else last
    return max(start, first), min(end, last)
