"""Where the programme stands on a day: the counted total, each borough's figures, the pace, the
forecast and the verdict. Every count is the counting rule (domain/counting.py) over the timelines of the
boroughs that are members on the day (Registry.member_on); other boroughs are shown apart, never counted.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.counting import NO_RECORDS, Timeline
from ..domain.programme import Borough, Registry
from ..domain.words import Noun, Status, Verdict


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
    member_word: str = "borough"  # the programme's word for its members, for headings

    @property
    def noun(self) -> Noun:
        return Noun(self.member_word)

    def verdict_sentence(self, day: Callable[[date], str] = date.isoformat) -> str:
        """The verdict in words (the one place they are made: Verdict.sentence)."""
        return self.verdict.sentence(self.reached_on, self.target - (self.counted_at_deadline or 0), day)


def _row(registry: Registry, borough: Borough, timeline: Timeline, as_of: date) -> BoroughRow:
    """A borough's figures on a day."""
    counts = timeline.on(as_of, registry.programme.counts)
    return BoroughRow(
        slug=borough.slug,
        name=borough.name,
        member=registry.member_on(borough, as_of),
        pledge=borough.pledge,
        counted=counts.counted,
        recruited=counts.recruited,
        in_post=counts.in_post,
        completed=counts.completed,
        withdrawn=counts.withdrawn,
        pledged=timeline.total(Status.pledged),
        last_hire=counts.last_hire,
    )


def snapshot(registry: Registry, timelines: Mapping[str, Timeline], as_of: date, window: int | None = None) -> Snapshot:
    """The programme as of `as_of`, from each borough's timeline; the recent pace over `window` weeks (the
    programme's `recent_weeks` by default)."""
    programme = registry.programme
    counts = programme.counts
    window = window or programme.recent_weeks
    boroughs = {b: timelines.get(slug, NO_RECORDS) for slug, b in registry.boroughs.items()}

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
        member_word=programme.member_word,
    )
