"""The weekly summary's figures: one ISO week (Monday to Sunday), what changed in it, and where the
programme stands at its end."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.counting import NO_RECORDS, Timeline
from ..domain.dates import week_label
from ..domain.programme import Registry
from ..domain.record import Record
from ..domain.words import Breakdown
from .breakdown import Tally, breakdown
from .snapshot import Snapshot, snapshot


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
    timelines = {slug: Timeline.of(recs) for slug, recs in records.items()}
    at_end = snapshot(registry, timelines, week_end, window)
    before = snapshot(registry, timelines, week_start - timedelta(days=1), window)
    counts = registry.programme.counts
    rows = [
        WeekRow(
            slug=r.slug,
            name=r.name,
            member=r.member,
            new_this_week=timelines.get(r.slug, NO_RECORDS).began(week_start, week_end, counts),
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
