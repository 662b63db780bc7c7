"""The counting rule, written once. Every figure (status, the breakdowns, the headcount share, the burn-up,
the weekly summary, the totals a write prints) counts a group of records through a Timeline: the records
reduced to each status's start days and each ended status's end days, sorted. A record counts on a day
when its status is one of the programme's counted statuses and it started on or before that day;
membership, the rule's other half, is Registry.member_on. A hire who later completed or withdrew still
counts: it was a recruitment.

A Timeline is small (a few integers a record) and is what the cache keeps of each file.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .record import Record
from .words import Status


@dataclass(frozen=True)
class Counts:
    """A group's figures on a day: the counted records, split by where they are on the day."""

    counted: int
    recruited: int  # counted, status 'recruited': hired, not yet in post (today's status)
    in_post: int  # counted, in post on the day (status 'in_post', or ended after the day)
    completed: int  # counted, completed on or before the day
    withdrawn: int  # counted, withdrawn on or before the day
    last_hire: date | None  # the latest start among the counted

    def __add__(self, other: Counts) -> Counts:
        """The figures of two groups of records taken together."""
        last = max((d for d in (self.last_hire, other.last_hire) if d is not None), default=None)
        return Counts(
            self.counted + other.counted,
            self.recruited + other.recruited,
            self.in_post + other.in_post,
            self.completed + other.completed,
            self.withdrawn + other.withdrawn,
            last,
        )


@dataclass(frozen=True)
class Timeline:
    """A group of records reduced to what counting needs, as sorted day numbers (date.toordinal)."""

    starts: dict[Status, list[int]]  # each status's start days
    ends: dict[Status, list[int]]  # completed and withdrawn: the only records with an end date

    @classmethod
    def of(cls, records: Iterable[Record]) -> Timeline:
        starts: dict[Status, list[int]] = {}
        ends: dict[Status, list[int]] = {}
        for r in records:
            starts.setdefault(r.status, []).append(r.start_date.toordinal())
            if r.end_date is not None:
                ends.setdefault(r.status, []).append(r.end_date.toordinal())
        return cls({k: sorted(v) for k, v in starts.items()}, {k: sorted(v) for k, v in ends.items()})

    def counted(self, day: date, counts: Collection[Status]) -> list[int]:
        """The counting rule: the start days of the records that count on `day`, in order."""
        cut = day.toordinal()
        return sorted(d for status in counts for d in self.starts.get(status, [])[: _upto(self.starts, status, cut)])

    def count(self, day: date, counts: Collection[Status]) -> int:
        """How many records count on `day`."""
        cut = day.toordinal()
        return sum(_upto(self.starts, status, cut) for status in counts)

    def began(self, first: date, last: date, counts: Collection[Status]) -> int:
        """How many records began to count in [first, last] (a record, once counted, always counts)."""
        return self.count(last, counts) - self.count(first - timedelta(days=1), counts)

    def started(self, status: Status, day: date) -> int:
        """Records of this status that started on or before `day`."""
        return _upto(self.starts, status, day.toordinal())

    def total(self, status: Status) -> int:
        return len(self.starts.get(status, []))

    def on(self, day: date, counts: Collection[Status]) -> Counts:
        """The group's figures on `day`. A record holds only its current status, so on a past day a record
        still 'recruited' today is counted as not yet in post (the reports say so)."""
        hired = self.counted(day, counts)
        cut = day.toordinal()
        ended = {s: _upto(self.ends, s, cut) if s in counts else 0 for s in (Status.completed, Status.withdrawn)}
        waiting = self.started(Status.recruited, day) if Status.recruited in counts else 0
        return Counts(
            counted=len(hired),
            recruited=waiting,
            in_post=len(hired) - waiting - sum(ended.values()),  # the others counted have no end, or a later one
            completed=ended[Status.completed],
            withdrawn=ended[Status.withdrawn],
            last_hire=date.fromordinal(hired[-1]) if hired else None,
        )


NO_RECORDS = Timeline({}, {})


def _upto(lists: dict[Status, list[int]], status: Status, cut: int) -> int:
    return bisect.bisect_right(lists.get(status, []), cut)
