"""The burn-up: the counted total at the end of each week or month, against the target and the even pace
from start to deadline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.counting import NO_RECORDS, Timeline
from ..domain.dates import week_of
from ..domain.programme import Registry
from ..domain.words import Interval


@dataclass(frozen=True)
class Burnup:
    """The counted total at the end of each interval (week or month), against the target and the straight
    line from start (0) to deadline (target)."""

    programme: str
    by: Interval
    as_of: date
    start: date
    deadline: date
    target: int
    ends: list[date]  # the last day of each interval, up to the end of the chart
    counted: list[int | None]  # at each end; None for intervals after as_of

    def plan(self, day: date) -> float:
        """The straight line: where the count would be on `day` at an even pace from start to deadline."""
        span = (self.deadline - self.start).days
        return self.target * min(max((day - self.start).days / span, 0), 1)


def _interval_ends(first: date, last: date, by: Interval) -> list[date]:
    ends = []
    if by is Interval.week:
        day = week_of(first) + timedelta(days=6)
        while day < last + timedelta(days=7):
            ends.append(day)
            day += timedelta(weeks=1)
    else:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            ends.append(date(year, month, 1) - timedelta(days=1))
    return ends


def burnup(registry: Registry, timelines: Mapping[str, Timeline], as_of: date, by: Interval = Interval.week) -> Burnup:
    """From the programme's start to its deadline (or to the last hire up to as_of, if later)."""
    programme = registry.programme
    boroughs = {b: timelines.get(slug, NO_RECORDS) for slug, b in registry.boroughs.items()}
    hired = [d[-1] for t in boroughs.values() if (d := t.counted(as_of, programme.counts))]
    last_hire = date.fromordinal(max(hired)) if hired else programme.start
    ends = _interval_ends(programme.start, max(programme.deadline, last_hire), by)
    counted: list[int | None] = []
    for end in ends:
        first_day = end - timedelta(days=6) if by is Interval.week else end.replace(day=1)
        if first_day > as_of:  # an interval that had not begun by as_of
            counted.append(None)
            continue
        day = min(end, as_of)
        counted.append(sum(t.count(day, programme.counts) for b, t in boroughs.items() if registry.member_on(b, day)))
    return Burnup(programme.name, by, as_of, programme.start, programme.deadline, programme.target, ends, counted)
