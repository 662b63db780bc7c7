"""The public sector apprenticeship target (figures/headcount): starts in each April-to-March year, from
the programme's start to the day asked for, as a share of each borough's headcount, against 2.3%."""

from __future__ import annotations

from datetime import date

from programmes import CAMDEN, CROYDON, HACKNEY, hires, record, registry, timelines

from apprentrack.figures.headcount import headcount_report

D = date


def test_headcount_shares_per_public_sector_period():
    reg = registry(HACKNEY._replace(headcount=400), CAMDEN, CROYDON._replace(headcount=300))
    records = [
        record("hackney-0001", "2020-12-01"),  # before the programme's start, in its first target year
        *hires("hackney", *["2021-02-01"] * 9)[1:],
        record("hackney-0010", "2021-03-31", "withdrawn", "2021-04-02"),  # a start is a start
        record("hackney-0011", "2021-04-01", "in_post"),  # the next year's first day
        record("hackney-0012", "2021-04-10", "pledged"),  # not a start
        record("hackney-0013", "2021-05-02"),  # after the day asked for
        record("croydon-0001", "2021-02-01"),  # not a member, still a public body with a target
        record("camden-0001", "2021-02-01"),  # no headcount: no row
    ]
    rows = headcount_report(reg, timelines(records), D(2021, 5, 1))
    assert [(r.slug, r.name, r.headcount) for r in rows] == [("hackney", "Hackney", 400), ("croydon", "Croydon", 300)]
    first, second = rows[0].periods
    assert (first.label, first.start, first.end, first.starts, first.percent, first.meets_target) == (
        "2020/21",
        D(2020, 4, 1),
        D(2021, 3, 31),
        10,
        2.5,
        True,
    )
    assert (second.label, second.start, second.end, second.starts, second.percent, second.meets_target) == (
        "2021/22",
        D(2021, 4, 1),
        D(2021, 5, 1),  # a year not over yet ends on the day asked for
        1,
        0.25,
        False,
    )
    croydon = rows[1].periods
    assert [(p.starts, p.percent, p.meets_target) for p in croydon] == [(1, 0.33, False), (0, 0.0, False)]


def test_a_share_exactly_at_the_target_meets_it():
    reg = registry(HACKNEY._replace(headcount=1000))
    rows = headcount_report(reg, timelines(hires("hackney", *["2021-01-05"] * 23)), D(2021, 3, 1))
    ((year,),) = [r.periods for r in rows]
    assert (year.starts, year.percent, year.meets_target) == (23, 2.3, True)
