"""Counting by role, standard, level, area or borough (figures/breakdown), as LOTI reported: roles typed by
boroughs grouped across case, plurals and a trailing 'apprentice', never merged when they differ; each
group labelled by the spelling most of its records use."""

from __future__ import annotations

from datetime import date

import pytest
from programmes import by_borough, record, registry, status

from apprentrack.domain.record import role_key
from apprentrack.domain.words import Breakdown
from apprentrack.figures.breakdown import borough_breakdown, breakdown

D = date


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Software Developer", "software developers", True),
        ("IT User Apprentice", "IT user", True),
        ("ICT Help Desk Apprentices", "ict help desk", True),
        ("Data & Business Analyst", "Data and business analysts", True),
        ("Technology Apprentice", "technology", True),
        ("Digital project manager", "Project manager", False),
        ("Business Analyst", "Data and Business Analyst", False),
        ("Apprentice", "apprentices", True),
    ],
)
def test_roles_are_grouped_forgivingly_but_never_merged(a, b, same):
    assert (role_key(a) == role_key(b)) is same


SPELLINGS = [
    record("hackney-0001", "2021-01-05", role="Software developer"),
    record("hackney-0002", "2021-01-06", role="software developers"),
    record("hackney-0003", "2021-01-07", role="Software Developer Apprentice"),
    record("hackney-0004", "2021-01-08", role="Software developer", level=4, standard="Software developer"),
]


def tallies(by: Breakdown, records=SPELLINGS, as_of: str = "2021-02-01"):
    return breakdown(registry(), by_borough(records), D.fromisoformat(as_of), by)


def test_the_spellings_grouped_together_are_shown():
    (group,) = tallies(Breakdown.role)
    assert group.counted == 4 and group.label == "Software developer"
    assert group.spellings == ["Software developer", "software developers", "Software Developer Apprentice"]
    assert {g.label: g.counted for g in tallies(Breakdown.level)} == {"(no level)": 3, "Level 4": 1}
    assert {g.key: g.counted for g in tallies(Breakdown.area)} == {"inner": 4}
    assert {g.label: g.counted for g in tallies(Breakdown.standard)} == {"(no standard)": 3, "Software developer": 1}


def test_a_breakdown_counts_by_the_counting_rule_members_only_largest_first():
    records = [
        record("camden-0001", "2021-01-05", "in_post", role="Data Analyst"),
        record("camden-0002", "2021-01-06", "withdrawn", "2021-01-20", role="Data Analyst"),  # still a hire
        record("camden-0003", "2021-01-07", "completed", "2021-03-01", role="Data Analyst"),  # in post on the day
        record("hackney-0001", "2021-01-08", role="Business Analyst"),  # another role, kept apart
        record("hackney-0002", "2021-01-09", "pledged", role="Business Analyst"),  # a pledge: not counted
        record("hackney-0003", "2021-03-01", role="Tester"),  # not started by the day: no group
        record("croydon-0001", "2021-01-05", role="Tester"),  # not a member: not counted
    ]
    data, business = tallies(Breakdown.role, records)
    assert (data.key, data.label, data.counted, data.in_post, data.withdrawn, data.completed) == (
        "data analyst",
        "Data Analyst",
        3,
        2,
        1,
        0,
    )
    assert (business.label, business.counted, business.recruited) == ("Business Analyst", 1, 1)
    boroughs = tallies(Breakdown.borough, records)
    assert [(g.key, g.counted) for g in boroughs] == [("camden", 3), ("hackney", 1)]
    assert [(g.label, g.counted) for g in tallies(Breakdown.area, records)] == [("inner", 4)]


def test_the_breakdown_by_borough_is_the_snapshots_members_with_hires():
    records = [record("camden-0001", "2021-01-05"), record("croydon-0001", "2021-01-05")]
    snap = status(registry(), records, "2021-02-01")
    (camden,) = borough_breakdown(snap)  # Hackney has none; Croydon is not a member
    assert (camden.key, camden.label, camden.counted, camden.recruited, camden.spellings) == (
        "camden",
        "Camden",
        1,
        1,
        ["Camden"],
    )


def test_groups_of_the_same_size_are_in_alphabetical_order():
    records = [
        record("hackney-0001", "2021-01-05", role="tester"),
        record("hackney-0002", "2021-01-05", role="Analyst"),
    ]
    assert [g.label for g in tallies(Breakdown.role, records)] == ["Analyst", "tester"]
