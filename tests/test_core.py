"""Unit tests of the pure core on in-memory data: the counting rule, snapshot and forecast arithmetic,
the in-place edit of a record's text, and the cache. No command line, no data dir."""

from __future__ import annotations

from datetime import date

import pytest

from apprentrack.domain.counting import Timeline
from apprentrack.domain.dates import last_complete_week, target_year, week_label
from apprentrack.domain.errors import InvalidValue
from apprentrack.domain.programme import Borough, Programme, Registry
from apprentrack.domain.record import Record, check_transition
from apprentrack.domain.words import COUNTED_BY_DEFAULT, Status, Verdict
from apprentrack.figures.snapshot import snapshot
from apprentrack.figures.weekly import weekly
from apprentrack.storage.cache import Cache
from apprentrack.storage.writer import edit_record

D = date


def timelines(records: dict[str, list[Record]]) -> dict[str, Timeline]:
    return {slug: Timeline.of(recs) for slug, recs in records.items()}


def rec(n: int, start: date, status: Status = Status.recruited, end: date | None = None) -> Record:
    return Record(f"a-{n:04d}", "Dev", None, None, start, status, end, None)


START = D(2021, 1, 4)


def registry(target: int = 10, since: date | None = START) -> Registry:
    programme = Programme(name="P", target=target, start=D(2021, 1, 4), deadline=D(2021, 3, 28), recent_weeks=4)
    boroughs = [
        Borough(slug="a", name="A", code="E09000001", area="inner", member_since=since),
        Borough(slug="b", name="B", code="E09000002", area="outer"),
    ]
    return Registry(programme, boroughs)


def counts(status: Status, start: date, day: date, counted=COUNTED_BY_DEFAULT) -> bool:
    end = start if status in (Status.completed, Status.withdrawn) else None
    return Timeline.of([rec(1, start, status, end)]).count(day, counted) == 1


def test_the_counting_rule():
    day = D(2021, 2, 1)
    assert counts(Status.recruited, day, day)  # started that day
    assert not counts(Status.recruited, D(2021, 2, 2), day)  # not started yet
    assert counts(Status.withdrawn, D(2021, 1, 1), day)  # left, but was a recruitment
    assert not counts(Status.pledged, D(2021, 1, 1), day)  # a promise, not a hire
    assert counts(Status.pledged, D(2021, 1, 1), day, (Status.pledged,))  # unless the programme says so
    records = [rec(1, D(2021, 1, 31)), rec(2, D(2021, 2, 1)), rec(3, D(2021, 2, 7)), rec(4, D(2021, 2, 8))]
    assert Timeline.of(records).began(D(2021, 2, 1), D(2021, 2, 7), COUNTED_BY_DEFAULT) == 2


def test_snapshot_arithmetic_and_forecast():
    # 4 hires in the 4 weeks before 2021-02-28 (1 a week), 6 to go in 4 weeks: at risk, projected 8.
    records = {"a": [rec(i, D(2021, 2, 1 + 7 * i)) for i in range(4)], "b": [rec(9, D(2021, 2, 2))]}
    snap = snapshot(registry(), timelines(records), D(2021, 2, 28))
    assert (snap.counted, snap.remaining, snap.percent) == (4, 6, 40.0)
    assert (snap.days_left, snap.weeks_left, snap.pace_needed) == (28, 4.0, 1.5)
    assert (snap.recent_hires, snap.recent_pace) == (4, 1.0)
    assert snap.forecast_date == D(2021, 4, 11)  # 6 more at 1 a week: 42 days
    assert snap.projected_at_deadline == 8
    assert snap.verdict is Verdict.at_risk and snap.verdict_text == "at risk"
    assert [r.slug for r in snap.members] == ["a"] and [r.counted for r in snap.others] == [1]


def test_verdicts_met_and_missed():
    records = {"a": [rec(i, D(2021, 1, 4 + i)) for i in range(10)]}
    met = snapshot(registry(), timelines(records), D(2021, 3, 1))
    assert met.verdict is Verdict.met and met.reached_on == D(2021, 1, 13)
    assert met.verdict_sentence() == "met on 2021-01-13"
    missed = snapshot(registry(target=12), timelines(records), D(2021, 4, 1))
    assert missed.final and missed.verdict is Verdict.missed and missed.verdict_text == "missed by 2"
    assert missed.forecast_date is None and missed.pace_needed is None


def test_membership_decides_what_counts():
    records = {"a": [rec(1, D(2021, 1, 5))]}
    assert snapshot(registry(since=D(2021, 2, 1)), timelines(records), D(2021, 1, 31)).counted == 0
    assert snapshot(registry(since=D(2021, 2, 1)), timelines(records), D(2021, 2, 1)).counted == 1
    assert snapshot(registry(since=None), timelines(records), D(2021, 3, 1)).counted == 0


def test_week():
    records = {"a": [rec(1, D(2021, 1, 5)), rec(2, D(2021, 1, 12)), rec(3, D(2021, 1, 13))]}
    s = weekly(registry(), records, D(2021, 1, 11), D(2021, 6, 1))
    assert (s.week, s.new_this_week, s.previous_counted, s.change) == ("2021-W02", 2, 1, 2)


def test_dates():
    assert week_label(D(2020, 3, 9)) == "2020-W11"
    assert last_complete_week(D(2020, 3, 16)) == D(2020, 3, 9)
    assert last_complete_week(D(2020, 3, 15)) == D(2020, 3, 2)  # a Sunday: its week has not ended
    assert (target_year(D(2020, 3, 31)), target_year(D(2020, 4, 1))) == (2019, 2020)


def test_transitions_move_forward_only():
    check_transition(Status.recruited, Status.in_post)
    with pytest.raises(InvalidValue, match="cannot go back"):
        check_transition(Status.in_post, Status.recruited)
    with pytest.raises(InvalidValue, match="is final"):
        check_transition(Status.withdrawn, Status.completed)


def test_an_edit_changes_only_what_it_must():
    text = (
        "# header\n- id: a-0001  # mine\n  role: Dev\n  start_date: 2021-01-05\n"
        "- id: a-0002\n  role: Ops\n  start_date: 2021-01-06\n"
    )
    before = rec(2, D(2021, 1, 6))._replace(role="Ops")
    after = before._replace(status=Status.withdrawn, end_date=D(2021, 2, 1), role="Ops: lead")
    edited = edit_record(text, 1, before, after)
    assert edited == (
        "# header\n- id: a-0001  # mine\n  role: Dev\n  start_date: 2021-01-05\n- id: a-0002\n"
        "  role: 'Ops: lead'\n  start_date: 2021-01-06\n  status: withdrawn\n  end_date: 2021-02-01\n"
    )
    flow = "- {id: a-0002, role: Ops, start_date: 2021-01-06}\r\n"
    assert edit_record(flow, 0, before, before._replace(level=3)) == (
        "- {id: a-0002, role: Ops, level: 3, start_date: 2021-01-06}\r\n"
    )


def test_cache_round_trip_and_refusals(tmp_path):
    cache = Cache(tmp_path / "data", D(2021, 2, 1))
    cache.boroughs = b"boroughs"
    timeline = Timeline.of([rec(1, D(2021, 1, 5)), rec(2, D(2021, 1, 6), Status.completed, D(2021, 2, 1))])
    cache.put_timeline("a", b"bytes", timeline)
    assert cache.timeline("a", b"bytes") == timeline
    assert cache.timeline("a", b"other bytes") is None  # keyed by content
    assert cache.timeline("b", b"bytes") is None  # and by borough
    assert Cache(tmp_path / "data", D(2021, 2, 2)).timeline("a", b"bytes") is None  # and by the day
    (cache.folder / "a.json").write_text("{not json")
    assert cache.timeline("a", b"bytes") is None


def test_a_problem_as_a_github_annotation_is_escaped():
    from pathlib import Path

    from apprentrack.domain.errors import Problem

    problem = Problem(Path("data/a,b:c.yaml"), 3, "50% done\nnext: x, y")
    assert problem.github() == "::error file=data/a%2Cb%3Ac.yaml,line=3::50%25 done%0Anext: x, y"
    assert problem.github("warning").startswith("::warning file=")
