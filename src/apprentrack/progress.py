"""Pure arithmetic: where the programme stands on a date, week by week, and over time. No files, no
printing.

Every count here applies the counting rule of record.py (Record.counts_on) to the records of boroughs
that are members on the day (Registry.member_on); records of other boroughs are shown apart and never
counted.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .breakdown import Tally, breakdown, by_borough
from .dates import week_label, week_of
from .models import Borough, Registry
from .record import Record, Starts, counted_between, counted_starts
from .terms import Breakdown, Interval, Status, Verdict

_NONE = Starts({}, {})  # a borough with no file


@dataclass(frozen=True)
class BoroughRow:
    slug: str
    name: str
    member: bool
    pledge: int | None
    counted: int
    recruited: int  # counted, status 'recruited': hired, not yet in post (today's status)
    in_post: int  # counted, in post on the day (status 'in_post', or ended after the day)
    completed: int
    withdrawn: int
    pledged: int
    last_hire: date | None


@dataclass(frozen=True)
class Snapshot:
    programme: str
    as_of: date
    start: date
    deadline: date
    target: int
    counted: int
    remaining: int
    percent: float
    days_left: int
    weeks_left: float
    pace_needed: float | None  # hires a week needed from as_of to the deadline; None once met or over
    recent_weeks: int
    recent_hires: int
    recent_pace: float  # hires a week over the last `recent_weeks` weeks
    forecast_date: date | None  # estimate: when the target is reached at the recent pace
    projected_at_deadline: int | None  # estimate: the count at the deadline at the recent pace
    verdict: Verdict
    verdict_text: str  # e.g. "met on 2020-08-20", "missed by 12"
    reached_on: date | None  # the day the counted total reached the target, if it has
    final: bool  # as_of is after the deadline: the result is final
    counted_at_deadline: int | None  # once the deadline has passed (final); None before
    pipeline: int  # pledged places of member boroughs expected by the deadline, not counted; 0 once final
    with_pipeline: int  # counted + pipeline: what the target would see if every such pledge were filled
    pledged_apart: int  # members' other pledged places: expected after the deadline, or unfilled at it
    members: list[BoroughRow]
    others: list[BoroughRow]

    def verdict_sentence(self, day: Callable[[date], str] = date.isoformat) -> str:
        """The verdict in words (the one place they are made: Verdict.sentence)."""
        return self.verdict.sentence(self.reached_on, self.target - (self.counted_at_deadline or 0), day)


def _row(registry: Registry, borough: Borough, starts: Starts, as_of: date) -> BoroughRow:
    """A borough's figures on a day. A record holds only its current status, so on a past day a record
    still 'recruited' today is counted as not yet in post (render says so)."""
    counts = registry.programme.counts
    hired = starts.counted(as_of, counts)
    waiting = starts.started(Status.recruited, as_of) if Status.recruited in counts else 0
    ended = {s: starts.ended(s, as_of) if s in counts else 0 for s in (Status.completed, Status.withdrawn)}
    return BoroughRow(
        slug=borough.slug,
        name=borough.name,
        member=registry.member_on(borough, as_of),
        pledge=borough.pledge,
        counted=len(hired),
        recruited=waiting,
        in_post=len(hired) - waiting - sum(ended.values()),  # the others counted have no end, or a later one
        completed=ended[Status.completed],
        withdrawn=ended[Status.withdrawn],
        pledged=starts.total(Status.pledged),
        last_hire=date.fromordinal(max(hired)) if hired else None,
    )


def reduced(records: Mapping[str, list[Record]]) -> dict[str, Starts]:
    """Each borough's records reduced to what snapshot counts."""
    return {slug: Starts.of(recs) for slug, recs in records.items()}


def snapshot(registry: Registry, starts: Mapping[str, Starts], as_of: date, window: int | None = None) -> Snapshot:
    """The programme as of `as_of`, from each borough's records (reduced: see `reduced`); the recent pace
    over `window` weeks (the programme's `recent_weeks` by default)."""
    programme = registry.programme
    counts = programme.counts
    window = window or programme.recent_weeks
    boroughs = {b: starts.get(slug, _NONE) for slug, b in registry.boroughs.items()}

    rows = [_row(registry, b, s, as_of) for b, s in boroughs.items()]
    members = sorted((r for r in rows if r.member), key=lambda r: r.name)
    others = sorted((r for r in rows if not r.member and (r.counted or r.pledged)), key=lambda r: r.name)

    hires = sorted(d for b, s in boroughs.items() if registry.member_on(b, as_of) for d in s.counted(as_of, counts))
    counted = len(hires)
    target = programme.target
    reached_on = date.fromordinal(hires[target - 1]) if counted >= target else None
    at_deadline = bisect.bisect_right(hires, programme.deadline.toordinal())
    days_left = max((programme.deadline - as_of).days, 0)
    weeks_left = days_left / 7
    remaining = max(target - counted, 0)
    recent_hires = counted - bisect.bisect_right(hires, (as_of - timedelta(weeks=window)).toordinal())
    recent_pace = recent_hires / window
    final = as_of > programme.deadline
    pace_needed = remaining / weeks_left if remaining and weeks_left else None

    # The estimate, as Taskwarrior's burndown makes it: the recent pace carried forward. None when there
    # is nothing to estimate (target met, deadline passed) or no pace to carry (no recent hires).
    forecast_date = projected = None
    if remaining and not final and recent_pace:
        forecast_date = as_of + timedelta(days=math.ceil(remaining / recent_pace * 7))
        projected = int(counted + recent_pace * weeks_left + 1e-9)

    if reached_on is not None and reached_on <= programme.deadline:
        verdict = Verdict.met
    elif as_of < programme.start:
        verdict = Verdict.not_started
    elif final:
        verdict = Verdict.missed
    elif projected is not None and projected >= target:
        verdict = Verdict.on_track
    else:
        verdict = Verdict.at_risk
    pledges = [d for b, s in boroughs.items() if registry.member_on(b, as_of) for d in s.starts.get(Status.pledged, [])]
    # Pipeline: pledges that could still count. Not once final, and not where the programme counts pledged
    # places already (they are in `counted`: the pipeline would count them twice).
    pledges_counted = Status.pledged in counts
    pipeline = 0 if final or pledges_counted else bisect.bisect_right(sorted(pledges), programme.deadline.toordinal())

    return Snapshot(
        programme=programme.name,
        as_of=as_of,
        start=programme.start,
        deadline=programme.deadline,
        target=target,
        counted=counted,
        remaining=remaining,
        percent=round(100 * counted / target, 1),
        days_left=days_left,
        weeks_left=round(weeks_left, 1),
        pace_needed=None if pace_needed is None else math.ceil(pace_needed * 100 - 1e-9) / 100,  # never 0 for 1 left
        recent_weeks=window,
        recent_hires=recent_hires,
        recent_pace=round(recent_pace, 2),
        forecast_date=forecast_date,
        projected_at_deadline=projected,
        verdict=verdict,
        verdict_text=verdict.sentence(reached_on, target - at_deadline),
        reached_on=reached_on,
        final=final,
        counted_at_deadline=at_deadline if final else None,
        pipeline=pipeline,
        with_pipeline=counted + pipeline,
        pledged_apart=0 if pledges_counted else len(pledges) - pipeline,
        members=members,
        others=others,
    )


@dataclass(frozen=True)
class Standing:
    """A borough's count and the programme's total today, as `add` reports them."""

    borough: str  # the borough's name
    member: bool
    counted: int  # the borough's
    total: int  # the programme's (members only)
    target: int
    day: date


def standing(registry: Registry, by_status: Mapping[str, Mapping[Status, int]], slug: str, today: date) -> Standing:
    """From each borough's records counted by status. Every record whose status counts has started by
    today (only a pledged place may name a future start), so for today the counting rule needs only the
    statuses: the cost does not grow with what the boroughs hold."""
    counts = registry.programme.counts
    counted = {s: sum(n for status, n in statuses.items() if status in counts) for s, statuses in by_status.items()}
    total = sum(n for s, n in counted.items() if registry.member_on(registry.boroughs[s], today))
    borough = registry.boroughs[slug]
    return Standing(
        borough.name, registry.member_on(borough, today), counted.get(slug, 0), total, registry.programme.target, today
    )


# ------------------------------------------------------------------------------------ weekly summary


@dataclass(frozen=True)
class WeekRow:
    slug: str
    name: str
    member: bool
    new_this_week: int  # hires that count, started in the week
    counted: int  # at the end of the week


@dataclass(frozen=True)
class Summary:
    """One ISO week (Monday to Sunday): what changed, and where the programme stands at its end."""

    week: str  # e.g. "2020-W11"
    week_start: date
    week_end: date
    new_this_week: int  # members' hires that count, started in the week
    previous_counted: int  # the counted total at the end of the week before
    change: int  # counted at the end of this week less previous_counted
    change_from_joining: int  # the part of the change that is earlier hires of boroughs that joined in the week
    joined: list[str]  # the names of those boroughs
    at_end: Snapshot  # the programme as of week_end
    boroughs: list[WeekRow]  # members first, then others with any record
    top: list[WeekRow]  # the boroughs with most new hires this week, most first (at most 3)
    roles: list[Tally]  # members' counted hires by role at the week's end


def weekly(
    registry: Registry, records: Mapping[str, list[Record]], week_start: date, window: int | None = None
) -> Summary:
    week_end = week_start + timedelta(days=6)
    starts = reduced(records)
    at_end = snapshot(registry, starts, week_end, window)
    before = snapshot(registry, starts, week_start - timedelta(days=1), window)
    counts = registry.programme.counts
    rows = [
        WeekRow(
            slug=r.slug,
            name=r.name,
            member=r.member,
            new_this_week=counted_between(records.get(r.slug, []), week_start, week_end, counts),
            counted=r.counted,
        )
        for r in (*at_end.members, *at_end.others)
    ]
    top = sorted((r for r in rows if r.member and r.new_this_week), key=lambda r: (-r.new_this_week, r.name))[:3]
    was_member = {r.slug for r in before.members}
    joined = [r for r in rows if r.member and r.slug not in was_member]
    return Summary(
        week=week_label(week_start),
        week_start=week_start,
        week_end=week_end,
        new_this_week=sum(r.new_this_week for r in rows if r.member),
        previous_counted=before.counted,
        change=at_end.counted - before.counted,
        change_from_joining=sum(r.counted - r.new_this_week for r in joined),
        joined=[r.name for r in joined],
        at_end=at_end,
        boroughs=rows,
        top=top,
        roles=breakdown(registry, records, week_end, Breakdown.role),
    )


# ------------------------------------------------------------------------------------------ burn-up


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


def burnup(
    registry: Registry, records: Mapping[str, list[Record]], as_of: date, by: Interval = Interval.week
) -> Burnup:
    """From the programme's start to its deadline (or to the last hire up to as_of, if later)."""
    programme = registry.programme
    starts = {b: counted_starts(recs, as_of, programme.counts) for b, recs in by_borough(registry, records).items()}
    last_hire = max((d[-1] for d in starts.values() if d), default=programme.start)
    ends = _interval_ends(programme.start, max(programme.deadline, last_hire), by)
    counted: list[int | None] = []
    for end in ends:
        first_day = end - timedelta(days=6) if by is Interval.week else end.replace(day=1)
        if first_day > as_of:  # an interval that had not begun by as_of
            counted.append(None)
            continue
        day = min(end, as_of)
        counted.append(sum(bisect.bisect_right(d, day) for b, d in starts.items() if registry.member_on(b, day)))
    return Burnup(programme.name, by, as_of, programme.start, programme.deadline, programme.target, ends, counted)
