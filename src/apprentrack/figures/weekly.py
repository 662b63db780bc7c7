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
class Late:
    """A borough's hires logged in the week with a start before it (public: a count, no date or role)."""

    slug: str
    name: str
    count: int


@dataclass(frozen=True)
class Summary:
    """One ISO week (Monday to Sunday), or the part of it that has passed: what changed, and where the
    programme stands at its end.

    The change is reconciled with the figure that could have been published the week before (the records
    logged by then): previous_counted + started_this_week + logged_late + change_from_joining +
    logged_since = at_end.counted."""

    week: str  # e.g. "2020-W11"
    week_start: date
    week_end: date  # its Sunday, or today for a week not over yet
    complete: bool  # the week has ended (a week not over yet is reported "so far")
    as_known: bool  # counting only the records logged by the week's end (summary --as-known)
    new_this_week: int  # members' hires that count, started in the week
    previous_counted: int  # the counted total at the end of the week before, of the records logged by then
    change: int  # counted at the end of this week less previous_counted
    started_this_week: int  # members' hires that count, started in the week and logged by its end
    logged_late: int  # members' hires logged in the week with a start before it
    logged_late_by: list[Late]  # the boroughs of those, most first
    change_from_joining: int  # earlier hires of boroughs that joined in the week
    joined: list[str]  # the names of those boroughs
    logged_since: int  # counted hires logged after the week's end (0 with as_known)
    at_end: Snapshot  # the programme as of week_end
    boroughs: list[WeekRow]  # members first, then others with any record
    top: list[WeekRow]  # the members with most new hires this week, most first: the top 3, and any tied
    roles: list[Tally]  # members' counted hires by role at the week's end


def weekly(
    registry: Registry,
    records: Mapping[str, list[Record]],
    week_start: date,
    today: date,
    window: int | None = None,
    as_known: bool = False,
) -> Summary:
    """The week starting on `week_start` (a Monday), up to its Sunday or `today` if that comes first;
    `as_known` counts only the records logged by the week's end, as the week stood then."""
    sunday = week_start + timedelta(days=6)
    week_end = min(sunday, today)
    before = week_start - timedelta(days=1)
    counts = registry.programme.counts
    every = {slug: Timeline.of(recs) for slug, recs in records.items()}
    known = {slug: t.known_by(week_end) for slug, t in every.items()}
    published = {slug: t.known_by(before) for slug, t in every.items()}
    at_end = snapshot(registry, known if as_known else every, week_end, window)
    previous = snapshot(registry, published, before, window)
    counting = known if as_known else every
    rows = [
        WeekRow(
            r.slug, r.name, r.member, counting.get(r.slug, NO_RECORDS).began(week_start, week_end, counts), r.counted
        )
        for r in (*at_end.members, *at_end.others)
    ]
    was_member = {r.slug for r in previous.members}
    members = [r.slug for r in at_end.members]
    old = [slug for slug in members if slug in was_member]
    late = [
        Late(slug, registry.boroughs[slug].name, n)
        for slug in old
        if (
            n := known.get(slug, NO_RECORDS).count(before, counts)
            - published.get(slug, NO_RECORDS).count(before, counts)
        )
    ]
    joined = [slug for slug in members if slug not in was_member]
    return Summary(
        week=week_label(week_start),
        week_start=week_start,
        week_end=week_end,
        complete=sunday < today,
        as_known=as_known,
        new_this_week=sum(r.new_this_week for r in rows if r.member),
        previous_counted=previous.counted,
        change=at_end.counted - previous.counted,
        started_this_week=sum(known.get(slug, NO_RECORDS).began(week_start, week_end, counts) for slug in members),
        logged_late=sum(x.count for x in late),
        logged_late_by=sorted(late, key=lambda x: (-x.count, x.name)),
        change_from_joining=sum(known.get(slug, NO_RECORDS).count(before, counts) for slug in joined),
        joined=[registry.boroughs[slug].name for slug in joined],
        logged_since=0
        if as_known
        else sum(
            every.get(slug, NO_RECORDS).count(week_end, counts) - known.get(slug, NO_RECORDS).count(week_end, counts)
            for slug in members
        ),
        at_end=at_end,
        boroughs=rows,
        top=_most_new_hires(rows),
        roles=breakdown(registry, records, week_end, Breakdown.role, known_by=week_end if as_known else None),
    )


def _most_new_hires(rows: list[WeekRow], places: int = 3) -> list[WeekRow]:
    """The members with most new hires this week, most first: the first `places`, and every one tied with
    the last of them (a tie is never cut in two)."""
    ranked = sorted((r for r in rows if r.member and r.new_this_week), key=lambda r: (-r.new_this_week, r.name))
    if len(ranked) <= places:
        return ranked
    least = ranked[places - 1].new_this_week
    return [r for r in ranked if r.new_this_week >= least]
