"""The burn-up (figures/burnup): the counted total at the end of each week or month, members only, up to
the day asked for; and the even pace from start (0) to deadline (the target), flat after it."""

from __future__ import annotations

from datetime import date, timedelta

from programmes import CAMDEN, CROYDON, HACKNEY, hires, joined, registry, timelines

from apprentrack.domain.words import Interval
from apprentrack.figures.burnup import burnup

D = date


def test_a_bar_a_week_from_the_start_to_the_deadline():
    chart = burnup(registry(), timelines(hires("hackney", "2021-01-05", "2021-01-12", "2021-01-13")), D(2021, 1, 20))
    # 2021-01-04 is a Monday and 2021-03-28 a Sunday: twelve weeks, each ending on a Sunday.
    assert chart.ends == [D(2021, 1, 10) + timedelta(weeks=n) for n in range(12)]
    assert chart.counted[:3] == [1, 3, 3]  # the third week is counted up to as_of, 2021-01-20
    assert chart.counted[3:] == [None] * 9  # weeks not begun by as_of have no bar
    assert (chart.target, chart.start, chart.deadline, chart.by) == (10, D(2021, 1, 4), D(2021, 3, 28), Interval.week)


def test_a_bar_a_month_ends_on_the_months_last_day():
    chart = burnup(registry(), timelines(hires("camden", "2021-01-20", "2021-02-27")), D(2021, 5, 1), Interval.month)
    assert chart.ends == [D(2021, 1, 31), D(2021, 2, 28), D(2021, 3, 31)]
    assert chart.counted == [1, 2, 2]


def test_only_members_count_each_week_and_a_late_hire_lengthens_the_chart():
    late = registry(HACKNEY, CAMDEN, joined(CROYDON, "2021-02-01"))
    records = [*hires("croydon", "2021-01-12"), *hires("hackney", "2021-04-20")]
    chart = burnup(late, timelines(records), D(2021, 5, 1))
    assert chart.counted[chart.ends.index(D(2021, 1, 31))] == 0  # croydon not yet a member
    assert chart.counted[chart.ends.index(D(2021, 2, 7))] == 1  # a member from 1 February: its hire counts
    assert chart.ends[-1] == D(2021, 4, 25)  # to the week of the last hire, after the deadline
    assert chart.counted[-1] == 2


def test_the_even_pace_runs_from_nothing_at_the_start_to_the_target_at_the_deadline():
    chart = burnup(registry(), {}, D(2021, 2, 1))
    assert chart.plan(D(2020, 12, 1)) == 0  # before the start
    assert chart.plan(D(2021, 1, 4)) == 0
    assert chart.plan(D(2021, 2, 15)) == 10 * 42 / 83  # 42 of the programme's 83 days
    assert chart.plan(D(2021, 3, 28)) == 10
    assert chart.plan(D(2021, 5, 1)) == 10  # flat after the deadline
    assert chart.counted[:5] == [0, 0, 0, 0, 0] and chart.counted[5:] == [None] * 7
