"""Pure arithmetic: where the programme stands on a date. No files, no printing.

Counting rule (the programme's `counts` statuses, by default all but `pledged`): a record counts on a day
when its status is one of those, it started on or before that day, and its borough is a member on that
day (for LOTI's programme, a LOTI member). A record that later completed or withdrew still counts: it
was a recruitment. Records of boroughs that are not members are shown apart and never counted.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .models import Record, Registry
from .terms import Status


@dataclass(frozen=True)
class BoroughRow:
    slug: str
    name: str
    member: bool
    pledge: int | None
    counted: int
    in_post: int
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
    verdict: str  # "met", "missed", "on track" or "at risk"
    verdict_text: str  # e.g. "met on 2020-08-20", "missed by 12"
    reached_on: date | None  # the day the counted total reached the target, if it has
    final: bool  # as_of is after the deadline: the result is final
    counted_at_deadline: int
    pipeline: int  # pledged places of member boroughs, not counted
    with_pipeline: int  # counted + pipeline: what the target would see if every pledge were filled
    members: list[BoroughRow]
    others: list[BoroughRow]


def _row(registry: Registry, slug: str, records: list[Record], as_of: date) -> BoroughRow:
    borough = registry.boroughs[slug]
    counts = registry.programme.counts
    hired = [r for r in records if r.status in counts and r.start_date <= as_of]

    def ended(status: Status) -> int:
        return sum(r.status is status and r.end_date <= as_of for r in hired)

    return BoroughRow(
        slug=slug,
        name=borough.name,
        member=borough.member_on(as_of),
        pledge=borough.pledge,
        counted=len(hired),
        in_post=sum(r.end_date is None or r.end_date > as_of for r in hired),
        completed=ended(Status.completed),
        withdrawn=ended(Status.withdrawn),
        pledged=sum(r.status is Status.pledged for r in records),
        last_hire=max((r.start_date for r in hired), default=None),
    )


def _by_borough(registry: Registry, records: Mapping[str, list[Record]]) -> dict[str, list[Record]]:
    """Every borough of the registry, with its records (none for a borough with no file)."""
    return {slug: records.get(slug, []) for slug in registry.boroughs}


def snapshot(
    registry: Registry, records: Mapping[str, list[Record]], as_of: date, window: int | None = None
) -> Snapshot:
    """The programme as of `as_of`, from each borough's records; the recent pace over `window` weeks
    (the programme's `recent_weeks` by default)."""
    programme = registry.programme
    window = window or programme.recent_weeks
    by_borough = _by_borough(registry, records)

    rows = [_row(registry, slug, recs, as_of) for slug, recs in by_borough.items()]
    members = sorted((r for r in rows if r.member), key=lambda r: r.name)
    others = sorted((r for r in rows if not r.member and (r.counted or r.pledged)), key=lambda r: r.name)

    hires = sorted(
        r.start_date
        for slug, recs in by_borough.items()
        if registry.boroughs[slug].member_on(as_of)
        for r in recs
        if r.status in programme.counts and r.start_date <= as_of
    )
    counted = len(hires)
    target = programme.target
    reached_on = hires[target - 1] if counted >= target else None
    counted_at_deadline = sum(d <= programme.deadline for d in hires)
    days_left = max((programme.deadline - as_of).days, 0)
    weeks_left = days_left / 7
    remaining = max(target - counted, 0)
    recent_hires = sum(d > as_of - timedelta(weeks=window) for d in hires)
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
        verdict, text = "met", f"met on {reached_on.isoformat()}"
    elif final:
        verdict = "missed"
        text = f"missed by {target - counted_at_deadline}"
    elif projected is not None and projected >= target:
        verdict = text = "on track"
    else:
        verdict = text = "at risk"

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
        pace_needed=None if pace_needed is None else round(pace_needed, 2),
        recent_weeks=window,
        recent_hires=recent_hires,
        recent_pace=round(recent_pace, 2),
        forecast_date=forecast_date,
        projected_at_deadline=projected,
        verdict=verdict,
        verdict_text=text,
        reached_on=reached_on,
        final=final,
        counted_at_deadline=counted_at_deadline,
        pipeline=sum(r.pledged for r in members),
        with_pipeline=counted + sum(r.pledged for r in members),
        members=members,
        others=others,
    )


def counted_now(
    registry: Registry, by_status: Mapping[str, Mapping[Status, int]], today: date
) -> tuple[dict[str, int], int]:
    """Each borough's counted hires today, and the programme's total (members only), from the records'
    counts by status. Every record that counts has started by today (only a pledged place may start in
    the future), so the statuses are enough."""
    counts = registry.programme.counts
    by_borough = {
        slug: sum(n for status, n in statuses.items() if status in counts)
        for slug, statuses in by_status.items()
        if slug in registry.boroughs
    }
    return by_borough, sum(n for slug, n in by_borough.items() if registry.boroughs[slug].member_on(today))


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
    at_end: Snapshot  # the programme as of week_end
    boroughs: list[WeekRow]  # members first, then others with any record
    top: list[WeekRow]  # the boroughs with most new hires this week, most first (at most 3)


def week_of(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def last_complete_week(today: date) -> date:
    """The Monday of the last Monday-to-Sunday week that has ended by `today`."""
    return week_of(today) - timedelta(weeks=1)


def weekly(
    registry: Registry, records: Mapping[str, list[Record]], week_start: date, window: int | None = None
) -> Summary:
    week_end = week_start + timedelta(days=6)
    at_end = snapshot(registry, records, week_end, window)
    before = snapshot(registry, records, week_start - timedelta(days=1), window)
    counts = registry.programme.counts
    by_borough = _by_borough(registry, records)
    rows = [
        WeekRow(
            slug=r.slug,
            name=r.name,
            member=r.member,
            new_this_week=sum(
                rec.status in counts and week_start <= rec.start_date <= week_end for rec in by_borough[r.slug]
            ),
            counted=r.counted,
        )
        for r in (*at_end.members, *at_end.others)
    ]
    new = sum(r.new_this_week for r in rows if r.member)
    top = sorted((r for r in rows if r.member and r.new_this_week), key=lambda r: (-r.new_this_week, r.name))[:3]
    year, number, _ = week_start.isocalendar()
    return Summary(
        week=f"{year}-W{number:02d}",
        week_start=week_start,
        week_end=week_end,
        new_this_week=new,
        previous_counted=before.counted,
        change=at_end.counted - before.counted,
        at_end=at_end,
        boroughs=rows,
        top=top,
    )


# ------------------------------------------------------------------------------------------ burn-up


@dataclass(frozen=True)
class Burnup:
    """The counted total at the end of each period (week or month), against the target and the straight
    line from start (0) to deadline (target)."""

    programme: str
    by: str  # "week" or "month"
    as_of: date
    start: date
    deadline: date
    target: int
    ends: list[date]  # the last day of each period, up to the end of the chart
    counted: list[int | None]  # at each end; None for periods after as_of

    def plan(self, day: date) -> float:
        """The straight line: where the count would be on `day` at an even pace from start to deadline."""
        span = (self.deadline - self.start).days
        return self.target * min(max((day - self.start).days / span, 0), 1)


def _period_ends(first: date, last: date, by: str) -> list[date]:
    ends = []
    if by == "week":
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


def burnup(registry: Registry, records: Mapping[str, list[Record]], as_of: date, by: str = "week") -> Burnup:
    """From the programme's start to its deadline (or to the last hire up to as_of, if later)."""
    programme = registry.programme
    counts = programme.counts
    starts = {
        slug: sorted(r.start_date for r in recs if r.status in counts and r.start_date <= as_of)
        for slug, recs in _by_borough(registry, records).items()
    }
    last_hire = max((d[-1] for d in starts.values() if d), default=programme.start)
    ends = _period_ends(programme.start, max(programme.deadline, last_hire), by)
    counted: list[int | None] = []
    for end in ends:
        first_day = end - timedelta(days=6) if by == "week" else end.replace(day=1)
        if first_day > as_of:  # a period that had not begun by as_of
            counted.append(None)
            continue
        day = min(end, as_of)
        counted.append(
            sum(bisect.bisect_right(d, day) for slug, d in starts.items() if registry.boroughs[slug].member_on(day))
        )
    return Burnup(programme.name, by, as_of, programme.start, programme.deadline, programme.target, ends, counted)


# ------------------------------------------------------------------------------- public sector target

PUBLIC_SECTOR_TARGET = 2.3  # percent of headcount a year: apprenticeship starts, England, 2017 to 2022


@dataclass(frozen=True)
class Period:
    label: str  # "2019/20"
    start: date  # 1 April
    end: date  # 31 March, or as_of for a period not over yet
    starts: int
    percent: float
    meets_target: bool


@dataclass(frozen=True)
class HeadcountRow:
    slug: str
    name: str
    headcount: int
    periods: list[Period]


def headcount_report(registry: Registry, records: Mapping[str, list[Record]], as_of: date) -> list[HeadcountRow]:
    """Recordship starts in each public sector target period (1 April to 31 March) from the
    programme's start to as_of, as a share of each borough's headcount, for boroughs that have one."""
    counts = registry.programme.counts
    by_borough = _by_borough(registry, records)
    first = registry.programme.start
    year = first.year if first >= date(first.year, 4, 1) else first.year - 1
    rows = []
    for slug, borough in registry.boroughs.items():
        if borough.headcount is None:
            continue
        periods = []
        for y in range(year, (as_of.year if as_of >= date(as_of.year, 4, 1) else as_of.year - 1) + 1):
            start, end = date(y, 4, 1), min(date(y + 1, 3, 31), as_of)
            n = sum(r.status in counts and start <= r.start_date <= end for r in by_borough[slug])
            percent = round(100 * n / borough.headcount, 2)
            periods.append(Period(f"{y}/{(y + 1) % 100:02d}", start, end, n, percent, percent >= PUBLIC_SECTOR_TARGET))
        rows.append(HeadcountRow(slug, borough.name, borough.headcount, periods))
    return rows
