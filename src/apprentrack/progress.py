"""Pure arithmetic: where the programme stands on a date. No files, no printing.

Counting rule (the programme's `counts` statuses, by default all but `pledged`): a record counts on a day
when its status is one of those, it started on or before that day, and its borough is a LOTI member on
that day. A record that later completed or withdrew still counts: it was a recruitment. Records of
boroughs that are not members are shown apart and never counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .models import Apprentice, Registry
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
    verdict: str  # "met", "missed", "on track" or "at risk"
    verdict_text: str  # e.g. "met on 2020-08-20", "missed by 12"
    reached_on: date | None  # the day the counted total reached the target, if it has
    final: bool  # as_of is after the deadline: the result is final
    counted_at_deadline: int
    pipeline: int  # pledged places of member boroughs, not counted
    members: list[BoroughRow]
    others: list[BoroughRow]


def _row(registry: Registry, slug: str, records: list[Apprentice], as_of: date) -> BoroughRow:
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


def snapshot(registry: Registry, records: Iterable[tuple[str, Apprentice]], as_of: date) -> Snapshot:
    """The programme as of `as_of`, from (borough slug, record) pairs."""
    programme = registry.programme
    by_borough: dict[str, list[Apprentice]] = {slug: [] for slug in registry.boroughs}
    for slug, record in records:
        by_borough[slug].append(record)

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
    window_start = as_of - timedelta(weeks=programme.recent_weeks)
    recent_hires = sum(d > window_start for d in hires)
    recent_pace = recent_hires / programme.recent_weeks
    final = as_of > programme.deadline
    pace_needed = remaining / weeks_left if remaining and weeks_left else None

    if reached_on is not None and reached_on <= programme.deadline:
        verdict, text = "met", f"met on {reached_on.isoformat()}"
    elif final:
        verdict = "missed"
        text = f"missed by {target - counted_at_deadline}"
    elif pace_needed is not None and recent_pace >= pace_needed:
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
        recent_weeks=programme.recent_weeks,
        recent_hires=recent_hires,
        recent_pace=round(recent_pace, 2),
        verdict=verdict,
        verdict_text=text,
        reached_on=reached_on,
        final=final,
        counted_at_deadline=counted_at_deadline,
        pipeline=sum(r.pledged for r in members),
        members=members,
        others=others,
    )
