"""Where the programme stands on a day: the counted total, each borough's figures, the pace, the
forecast and the verdict. Every count is the counting rule (domain/counting.py) over the timelines of the
boroughs that are members on the day (Registry.member_on); other boroughs are shown apart, never counted.
"""

# Annotations are evaluated here, not kept as text: see CONTRIBUTING.md, "Annotations".

import bisect
import math
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from ..domain.counting import NO_RECORDS, Timeline
from ..domain.dates import LAST_YEAR
from ..domain.programme import Borough, Registry
from ..domain.words import Noun, Status, Verdict

# Weeks of the programme's own history before its recent pace is carried forward as a forecast (or the
# window, if shorter): before that the verdict is "too early to tell".
HISTORY_WEEKS = 4


class BoroughRow(NamedTuple):
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
    starting_later: int  # recruited, with a start after the day: counted from their start


class Snapshot(NamedTuple):
    programme: str
    as_of: date
    start: date
    deadline: date
    target: int
    counted: int
    remaining: int
    percent: float
    days_left: int  # days after as_of up to the deadline (0 on the deadline day)
    weeks_left: float
    pace_needed: float | None  # hires a week needed from as_of to the deadline; None once met or over
    recent_weeks: float  # the weeks the recent pace is taken over: the window, or the weeks run if fewer
    recent_from: date  # the first day of those weeks: the programme's start, when it has run fewer
    forecast_from: date  # the first day with history enough for a forecast ("too early to tell" before)
    recent_hires: int
    recent_pace: float  # hires a week over those weeks
    forecast_date: date | None  # estimate: when the target is reached at the recent pace
    projected_at_deadline: int | None  # estimate: the count at the deadline at the recent pace
    verdict: Verdict
    verdict_text: str  # e.g. "met on 2020-08-20", "missed by 12"
    reached_on: date | None  # the day the counted total reached the target, if it has
    final: bool  # as_of is after the deadline: the result is final
    counted_at_deadline: int | None  # once the deadline has passed (final); None before
    pipeline: int  # pledged places of member boroughs expected by the deadline, not counted; 0 once final
    starting_later: int  # members' hires recruited with a start after as_of and by the deadline; 0 once final
    with_pipeline: int  # counted + pipeline + starting_later: the target's figure if every such place were filled
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
        starting_later=len(timeline.starting_later(as_of)),
    )


def snapshot(registry: Registry, timelines: Mapping[str, Timeline], as_of: date, window: int | None = None) -> Snapshot:
    """The programme as of `as_of`, from each borough's timeline; the recent pace over `window` weeks (the
    programme's `recent_weeks` by default)."""
    programme = registry.programme
    counts = programme.counts
    boroughs = {b: timelines.get(slug, NO_RECORDS) for slug, b in registry.boroughs.items()}

    rows = [_row(registry, b, s, as_of) for b, s in boroughs.items()]
    members = sorted((r for r in rows if r.member), key=lambda r: r.name)
    others = sorted((r for r in rows if not r.member and (r.counted or r.pledged)), key=lambda r: r.name)

    members_now = [t for b, t in boroughs.items() if registry.member_on(b, as_of)]
    hires: list[int] = []
    for t in members_now:
        hires += t.counted(as_of, counts)
    hires.sort()
    counted = len(hires)
    target = programme.target
    reached_on = date.fromordinal(hires[target - 1]) if counted >= target else None
    at_deadline = bisect.bisect_right(hires, programme.deadline.toordinal())
    final = as_of > programme.deadline
    days_left = max((programme.deadline - as_of).days, 0)
    remaining = max(target - counted, 0)
    # Hires a week needed to the deadline; on the deadline day itself, the remaining are needed today.
    pace_needed = remaining / (max(days_left, 1) / 7) if remaining and not final else None

    # The recent pace: over the window, or over the weeks the programme has run if fewer (hires dated before
    # its start count in the total, not in the pace). A forecast needs a few weeks of that history.
    window = window or programme.recent_weeks
    first = max(as_of - timedelta(weeks=window) + timedelta(days=1), programme.start)
    run_days = max((as_of - first).days + 1, 0)
    recent_hires = counted - bisect.bisect_left(hires, first.toordinal()) if run_days else 0
    recent_weeks = run_days / 7
    recent_pace = recent_hires / recent_weeks if recent_weeks else 0.0
    forecast_from = programme.start + timedelta(weeks=min(window, HISTORY_WEEKS), days=-1)
    too_early = as_of < forecast_from

    # The estimate, as Taskwarrior's burndown makes it: the recent pace carried forward. None when there
    # is nothing to estimate (target met, deadline passed, too little history) or no pace to carry, and
    # when the day it gives is beyond the calendar's years.
    forecast_date = projected = None
    if remaining and not final and recent_pace and not too_early:
        days = math.ceil(remaining / recent_pace * 7)
        if days <= (date(LAST_YEAR, 12, 31) - as_of).days:
            forecast_date = as_of + timedelta(days=days)
        projected = int(counted + recent_pace * days_left / 7 + 1e-9)

    if reached_on is not None and reached_on <= programme.deadline:
        verdict = Verdict.met
    elif as_of < programme.start:
        verdict = Verdict.not_started
    elif final:
        verdict = Verdict.missed
    elif too_early:
        verdict = Verdict.too_early
    elif projected is not None and projected >= target:
        verdict = Verdict.on_track
    else:
        verdict = Verdict.at_risk
    # Pipeline: places that could still count by the deadline: members' pledges, and their hires starting
    # later. Not once final, and no pledges where the programme counts them already (they are in `counted`).
    deadline = programme.deadline.toordinal()
    pledges = sorted(d for t in members_now for d in t.starts(Status.pledged))
    later = sorted(d for t in members_now for d in t.starting_later(as_of))
    pledges_counted = Status.pledged in counts
    pipeline = 0 if final or pledges_counted else bisect.bisect_right(pledges, deadline)
    starting_later = 0 if final or Status.recruited not in counts else bisect.bisect_right(later, deadline)

    return Snapshot(
        programme=programme.name,
        as_of=as_of,
        start=programme.start,
        deadline=programme.deadline,
        target=target,
        counted=counted,
        remaining=remaining,
        percent=_percent(counted, target),
        days_left=days_left,
        weeks_left=round(days_left / 7, 1),
        pace_needed=None if pace_needed is None else math.ceil(pace_needed * 100 - 1e-9) / 100,  # never 0 for 1 left
        recent_weeks=round(recent_weeks, 1),
        recent_from=first,
        forecast_from=forecast_from,
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
        starting_later=starting_later,
        with_pipeline=counted + pipeline + starting_later,
        pledged_apart=0 if pledges_counted else len(pledges) - pipeline,
        members=members,
        others=others,
        member_word=programme.member_word,
    )


def _percent(counted: int, target: int) -> float:
    """The share of the target, to a tenth: 100 only once the target is met (99.96% reads 99.9)."""
    share = round(100 * counted / target, 1)
    return min(share, 99.9) if counted < target else share
