"""The counting rule, written once (domain/counting.Timeline), and its other half, membership
(Registry.member_on): which records count on a day, and how a group's figures split on that day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from programmes import CROYDON, HACKNEY, START, joined, record, registry

from apprentrack.domain.counting import NO_RECORDS, Counts, Timeline
from apprentrack.domain.words import COUNTED_BY_DEFAULT, ENDING, Status

D = date


def counts(status: str, start: date, on: date, counted=COUNTED_BY_DEFAULT) -> bool:
    end = start if status in ("completed", "withdrawn") else None
    return Timeline.of([record("a-0001", start, status, end)]).count(on, counted) == 1


def test_the_counting_rule():
    on = D(2021, 2, 1)
    assert counts("recruited", on, on)  # started that day
    assert not counts("recruited", D(2021, 2, 2), on)  # not started yet
    assert counts("withdrawn", D(2021, 1, 1), on)  # left, but was a recruitment
    assert counts("completed", D(2021, 1, 1), on)
    assert counts("in_post", D(2021, 1, 1), on)
    assert not counts("pledged", D(2021, 1, 1), on)  # a promise, not a hire
    assert counts("pledged", D(2021, 1, 1), on, (Status.pledged,))  # unless the programme says so
    records = [
        record(f"a-000{n}", start) for n, start in enumerate(("2021-01-31", "2021-02-01", "2021-02-07", "2021-02-08"))
    ]
    assert Timeline.of(records).began(D(2021, 2, 1), D(2021, 2, 7), COUNTED_BY_DEFAULT) == 2


def test_the_counted_start_days_are_in_order_whatever_the_order_of_the_records():
    timeline = Timeline.of(
        [
            record("a-0001", "2021-02-03", "in_post"),
            record("a-0002", "2021-01-20"),
            record("a-0003", "2021-01-25", "withdrawn", "2021-02-01"),
            record("a-0004", "2021-01-10", "pledged"),
        ]
    )
    assert timeline.counted(D(2021, 2, 28), COUNTED_BY_DEFAULT) == [
        D(2021, 1, 20).toordinal(),
        D(2021, 1, 25).toordinal(),
        D(2021, 2, 3).toordinal(),
    ]
    assert (timeline.total(Status.pledged), timeline.started(Status.recruited, D(2021, 1, 19))) == (1, 0)
    assert NO_RECORDS.count(D(2021, 2, 28), COUNTED_BY_DEFAULT) == 0


def test_on_a_day_a_group_splits_by_where_its_records_were_that_day():
    """A record keeps only its status today: on a past day, a completed or withdrawn record is in post
    until its end date; one still 'recruited' today is not yet in post, whatever the day."""
    timeline = Timeline.of(
        [
            record("a-0001", "2021-01-05", "in_post"),
            record("a-0002", "2021-01-06"),
            record("a-0003", "2021-01-07", "completed", "2021-02-10"),
            record("a-0004", "2021-01-08", "withdrawn", "2021-01-20"),
            record("a-0005", "2021-03-01", "in_post"),  # not started on either day
            record("a-0006", "2021-01-04", "pledged"),  # never counted
        ]
    )
    assert timeline.on(D(2021, 2, 1), COUNTED_BY_DEFAULT) == Counts(
        counted=4, recruited=1, in_post=2, completed=0, withdrawn=1, last_hire=D(2021, 1, 8)
    )
    assert timeline.on(D(2021, 2, 10), COUNTED_BY_DEFAULT) == Counts(4, 1, 1, 1, 1, D(2021, 1, 8))
    assert timeline.on(D(2021, 1, 1), COUNTED_BY_DEFAULT) == Counts(0, 0, 0, 0, 0, None)


def test_figures_of_two_groups_add_up():
    a, b = Counts(3, 1, 1, 1, 0, D(2021, 1, 5)), Counts(2, 0, 1, 0, 1, D(2021, 2, 5))
    assert Counts.together([a, b]) == Counts(5, 1, 2, 1, 1, D(2021, 2, 5))
    assert Counts.together([a, Counts(0, 0, 0, 0, 0, None)]) == a


@pytest.mark.parametrize(
    "since, on, member",
    [
        (None, "2021-02-01", False),  # never a member: its hires never count
        ("2021-02-01", "2021-01-31", False),  # not yet a member
        ("2021-02-01", "2021-02-01", True),  # a member from that day
        (START, "2020-12-01", True),  # a member from the start is one for the whole programme
        ("2021-04-15", "2021-05-01", False),  # after the deadline, membership is judged at the deadline
        ("2021-03-28", "2021-05-01", True),
    ],
)
def test_membership_is_the_counting_rules_other_half(since, on, member):
    reg = registry(joined(HACKNEY, since), CROYDON)
    assert reg.member_on(reg.boroughs["hackney"], date.fromisoformat(on)) is member


rows = st.lists(
    st.tuples(
        st.sampled_from(list(Status)),
        st.dates(date(2019, 1, 1), date(2021, 12, 31)),
        st.integers(0, 400),
    ),
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)  # in memory; 300 keep the whole suite no slower than before
@given(
    rows=rows,
    on=st.dates(date(2018, 12, 1), date(2022, 6, 1)),
    counted=st.sets(st.sampled_from(list(Status)), min_size=1),
)
def test_a_timeline_counts_as_the_rule_says_over_the_records(rows, on, counted):
    """The one implementation of the counting rule (sorted day numbers, bisected) against the rule as it
    reads, record by record."""
    records = [
        record(f"a-{i:04d}", start, status.value, start + timedelta(days=length) if status in ENDING else None)
        for i, (status, start, length) in enumerate(rows)
    ]
    hired = [r for r in records if r.status in counted and r.start_date <= on]
    ended = {s: sum(r.status is s and r.end_date <= on for r in hired) for s in (Status.completed, Status.withdrawn)}
    waiting = sum(r.status in (Status.recruited, Status.pledged) for r in hired)  # not yet in post
    expected = Counts(
        counted=len(hired),
        recruited=waiting,
        in_post=sum(r.status is Status.in_post or (r.status in ENDING and r.end_date > on) for r in hired),
        completed=ended[Status.completed],
        withdrawn=ended[Status.withdrawn],
        last_hire=max((r.start_date for r in hired), default=None),
    )
    timeline = Timeline.of(records)
    assert timeline.on(on, counted) == expected
    assert timeline.count(on, counted) == len(hired)
    first = on - timedelta(days=30)
    assert timeline.began(first, on, counted) == sum(first <= r.start_date for r in hired)


def test_a_counted_pledge_is_not_in_post():
    """Where a programme counts pledged places, a pledge counted is not yet in post (it was, as what was left
    of the counted once the recruited and ended were taken off)."""
    with_pledges = (Status.pledged, *COUNTED_BY_DEFAULT)
    counts = Timeline.of([record("a-0001", "2021-01-10", "pledged")]).on(D(2021, 2, 1), with_pledges)
    assert (counts.counted, counts.recruited, counts.in_post) == (1, 1, 0)


def test_hires_starting_later_are_those_recruited_to_start_after_the_day_and_logged_by_then():
    """Timeline.starting_later is known_by's rule for the records that start later: the same start days as
    the programme known on the day gives, in order."""
    D = date.fromisoformat

    def logged_on(r, day: str):
        return r._replace(logged=D(day))

    records = [
        logged_on(record("a-1", "2021-02-01"), "2021-01-10"),  # to start later, logged by the 15th
        logged_on(record("a-2", "2021-01-25"), "2021-01-20"),  # logged after the 15th
        logged_on(record("a-3", "2021-01-14"), "2021-01-05"),  # started by the 15th
        logged_on(record("a-4", "2021-03-01", "pledged"), "2021-01-12"),  # a pledge, not a hire
        logged_on(record("a-5", "2021-01-20"), "2021-01-11"),
        record("a-6", "2020-12-01", "in_post"),
    ]
    timeline = Timeline.of(records)
    on = D("2021-01-15")
    known = timeline.known_by(on)
    expected = known.starts(Status.recruited)[known.started(Status.recruited, on) :]
    assert expected == [D("2021-01-20").toordinal(), D("2021-02-01").toordinal()]
    assert timeline.starting_later(on) == expected
    assert timeline.starting_later(D("2021-03-01")) == []
    assert NO_RECORDS.starting_later(on) == []
