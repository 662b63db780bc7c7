"""The weekly summary's figures (figures/weekly): one ISO week, what changed in it and why, and where the
programme stands at its end. On the tiny programme, in memory."""

from __future__ import annotations

from datetime import date

from programmes import CAMDEN, CROYDON, HACKNEY, by_borough, hires, joined, record, registry

from apprentrack.domain.programme import Borough
from apprentrack.figures.weekly import weekly

D = date


TODAY = D(2021, 6, 1)  # after the weeks asked for: each is complete


def test_week():
    records = by_borough(hires("hackney", "2021-01-05", "2021-01-12", "2021-01-13"))
    s = weekly(registry(), records, D(2021, 1, 11), TODAY)
    assert (s.week, s.new_this_week, s.previous_counted, s.change) == ("2021-W02", 2, 1, 2)
    assert (s.week_start, s.week_end, s.at_end.as_of, s.at_end.counted) == (
        D(2021, 1, 11),
        D(2021, 1, 17),
        D(2021, 1, 17),
        3,
    )


def test_a_week_in_which_a_borough_joined_explains_its_change():
    records = by_borough(hires("croydon", "2021-01-12"))
    late = registry(HACKNEY, CAMDEN, joined(CROYDON, "2021-02-10"))
    s = weekly(late, records, D(2021, 2, 8), TODAY)  # 2021-W06
    assert (s.new_this_week, s.change, s.change_from_joining, s.joined) == (0, 1, 1, ["Croydon"])
    assert s.previous_counted == 0


def test_the_rows_the_top_boroughs_and_the_roles_of_a_week():
    records = by_borough(
        [
            *hires("hackney", "2021-01-11", "2021-01-12", role="Software Developer"),
            record("camden-0001", "2021-01-13", role="software developers"),
            record("camden-0002", "2021-01-05", role="Data Analyst"),  # the week before
            record("croydon-0001", "2021-01-14"),  # not a member: a row, never in the figures
            record("hackney-0003", "2021-01-15", "pledged"),  # a pledge is not a hire
        ]
    )
    s = weekly(registry(), records, D(2021, 1, 11), TODAY)
    assert [(r.slug, r.member, r.new_this_week, r.counted) for r in s.boroughs] == [
        ("camden", True, 1, 2),
        ("hackney", True, 2, 2),
        ("croydon", False, 1, 1),  # members first, then the others
    ]
    assert [r.slug for r in s.top] == ["hackney", "camden"]  # most new hires first
    assert (s.new_this_week, s.previous_counted, s.change, s.joined) == (3, 1, 3, [])
    assert [(t.label, t.counted) for t in s.roles] == [("Software Developer", 3), ("Data Analyst", 1)]


def test_the_top_three_boroughs_by_new_hires_then_name_and_any_tied_with_the_third():
    brent = Borough("brent", "Brent", "E09000005", "outer", member_since=D(2021, 1, 4))
    everyone = registry(HACKNEY, CAMDEN, joined(CROYDON, "2021-01-04"), brent)
    records = by_borough(
        [
            *hires("brent", "2021-01-12", "2021-01-13"),
            *(hires(slug, "2021-01-12")[0] for slug in ("croydon", "camden", "hackney")),
        ]
    )
    s = weekly(everyone, records, D(2021, 1, 11), TODAY)
    top = [(r.name, r.new_this_week) for r in s.top]
    assert top == [("Brent", 2), ("Camden", 1), ("Croydon", 1), ("Hackney", 1)]  # Hackney ties with the third
