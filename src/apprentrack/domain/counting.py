"""The counting rule, written once. Every figure (status, the breakdowns, the headcount share, the burn-up,
the weekly summary, the totals a write prints) counts a group of records through a Timeline: the records
reduced to their days (start, end, logged), by status. A record counts on a day when its status is one
of the programme's counted statuses and it started on or before that day; membership, the rule's other
half, is Registry.member_on. A hire who later completed or withdrew still counts: it was a recruitment.
A hire logged late counts from its start date; `known_by` is the programme as it was known on a day.

A Timeline is small (three integers a record) and is what the cache keeps of each file.
"""

# Annotations are evaluated here, not kept as text: see CONTRIBUTING.md, "Annotations".

import bisect
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from .words import Status

if TYPE_CHECKING:  # a run that counts cached timelines never imports the record rules
    from .record import Record


class Counts(NamedTuple):
    """A group's figures on a day: the counted records, split by where they are on the day."""

    counted: int
    recruited: int  # counted, not yet in post: 'recruited' (today's status), or a 'pledged' place counted
    in_post: int  # counted, in post on the day (status 'in_post', or ended after the day)
    completed: int  # counted, completed on or before the day
    withdrawn: int  # counted, withdrawn on or before the day
    last_hire: date | None  # the latest start among the counted

    @classmethod
    def together(cls, groups: Iterable["Counts"]) -> "Counts":
        """The figures of groups of records taken together."""
        groups = list(groups)
        return cls(
            sum(c.counted for c in groups),
            sum(c.recruited for c in groups),
            sum(c.in_post for c in groups),
            sum(c.completed for c in groups),
            sum(c.withdrawn for c in groups),
            max((c.last_hire for c in groups if c.last_hire is not None), default=None),
        )


class Days(NamedTuple):
    """One status's records as day numbers (date.toordinal), in order of start: each record's start, end
    (0, no day, but for completed and withdrawn) and the day it was first logged."""

    start: list[int]
    end: list[int]
    logged: list[int]


_START = itemgetter(0)


class Timeline:
    """A group of records reduced to what counting needs: its days, by status (never changed once made)."""

    __slots__ = ("days",)

    def __init__(self, days: dict[Status, Days]) -> None:
        self.days = days

    def __eq__(self, other: object) -> bool:
        return self.days == other.days if isinstance(other, Timeline) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal by value, and its days may not be hashed

    def __repr__(self) -> str:
        return f"Timeline({self.days!r})"

    @classmethod
    def of(cls, records: Iterable["Record"]) -> "Timeline":
        by_status: dict[Status, list[tuple[int, int, int]]] = {}
        for r in records:
            end = 0 if r.end_date is None else r.end_date.toordinal()
            by_status.setdefault(r.status, []).append((r.start_date.toordinal(), end, r.known_from.toordinal()))
        for rows in by_status.values():
            rows.sort(key=_START)  # by start alone (ties in file order): a fifth faster than whole rows
        return cls({s: Days(*map(list, zip(*rows, strict=True))) for s, rows in by_status.items()})

    def known_by(self, day: date) -> "Timeline":
        """The records logged on or before `day`: the programme as it was known then (at today's statuses:
        records keep no history of status changes)."""
        cut = day.toordinal()
        kept = {}
        for status, d in self.days.items():
            rows = [row for row in zip(d.start, d.end, d.logged, strict=True) if row[2] <= cut]
            if rows:
                kept[status] = Days(*map(list, zip(*rows, strict=True)))
        return Timeline(kept)

    def starting_later(self, day: date) -> list[int]:
        """The start days, in order, of the hires recruited to start after `day`, as known on that day (logged
        by then): known_by's rule, for the records that start later only, which are few."""
        d = self.days.get(Status.recruited)
        if d is None:
            return []
        cut = day.toordinal()
        first = bisect.bisect_right(d.start, cut)
        return [start for start, logged in zip(d.start[first:], d.logged[first:], strict=True) if logged <= cut]

    def counted(self, day: date, counts: Collection[Status]) -> list[int]:
        """The counting rule: the start days of the records that count on `day`, in order."""
        cut = day.toordinal()
        hired: list[int] = []
        for s in counts:
            if s in self.days:
                hired += self.days[s].start[: self._upto(s, cut)]
        hired.sort()
        return hired

    def count(self, day: date, counts: Collection[Status]) -> int:
        """How many records count on `day`."""
        cut = day.toordinal()
        return sum(self._upto(s, cut) for s in counts)

    def began(self, first: date, last: date, counts: Collection[Status]) -> int:
        """How many records began to count in [first, last] (a record, once counted, always counts)."""
        return self.count(last, counts) - self.count(first - timedelta(days=1), counts)

    def started(self, status: Status, day: date) -> int:
        """Records of this status that started on or before `day`."""
        return self._upto(status, day.toordinal())

    def total(self, status: Status) -> int:
        return len(self.days[status].start) if status in self.days else 0

    def starts(self, status: Status) -> list[int]:
        """The start days of this status's records, in order."""
        return self.days[status].start if status in self.days else []

    def on(self, day: date, counts: Collection[Status]) -> "Counts":
        """The group's figures on `day`. A record holds only its current status, so on a past day a record
        still 'recruited' today is counted as not yet in post (the reports say so)."""
        cut = day.toordinal()
        upto = {s: self._upto(s, cut) for s in counts if s in self.days}
        hired = sum(upto.values())
        last = max((self.days[s].start[n - 1] for s, n in upto.items() if n), default=None)
        ended = {  # each of these has an end, on or after its start: one on or before the day counts here
            s: sum(0 < end <= cut for end in self.days[s].end) if s in counts and s in self.days else 0
            for s in (Status.completed, Status.withdrawn)
        }
        # not yet in post: hired and waiting, and a pledged place where the programme counts pledges
        waiting = sum(self.started(s, day) for s in (Status.recruited, Status.pledged) if s in counts)
        return Counts(
            counted=hired,
            recruited=waiting,
            in_post=hired - waiting - sum(ended.values()),  # the others counted have no end, or a later one
            completed=ended[Status.completed],
            withdrawn=ended[Status.withdrawn],
            last_hire=None if last is None else date.fromordinal(last),
        )

    def to_check(self, day: date, weeks: int) -> int:
        """How many records are probably out of date on `day` (to_check, below, for one record)."""
        cut = (day - timedelta(weeks=weeks, days=1)).toordinal()
        return sum(self._upto(s, cut) for s in TO_CHECK)

    def _upto(self, status: Status, cut: int) -> int:
        return bisect.bisect_right(self.days[status].start, cut) if status in self.days else 0


NO_RECORDS = Timeline({})

# Records probably out of date: a pledge whose expected start is long past, a hire still 'recruited' long
# after the start. "Long": the programme's stale_after_weeks.
TO_CHECK = (Status.pledged, Status.recruited)


def to_check(record: "Record", day: date, weeks: int) -> bool:
    """Whether the record is probably out of date on `day`: the same rule as Timeline.to_check."""
    return record.status in TO_CHECK and record.start_date < day - timedelta(weeks=weeks)


def stale_warning(record: "Record", weeks: int) -> str:
    """What to check in a record that is probably out of date, in words."""
    if record.status is Status.pledged:
        when = f"{record.start_date}, is over {weeks} weeks past"
        return f"a pledged place whose expected start, {when}: filled, or still to come?"
    return f"still 'recruited' over {weeks} weeks after its start, {record.start_date}: in post now, or left?"
