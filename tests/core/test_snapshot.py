"""Where a programme stands on a day (figures/snapshot): the counted total, what remains, the pace needed
and the recent pace, the forecast and the projection, the verdict, the final result, the pipeline of
pledges, and membership judged at the deadline. On the tiny programme, in memory (programmes.py)."""

from __future__ import annotations

from datetime import date

import pytest
from programmes import CAMDEN, CROYDON, HACKNEY, hires, joined, record, registry, status

from apprentrack.domain.words import Status, Verdict

D = date
# One hire a week in January 2021, in Hackney.
WEEKLY = hires("hackney", "2021-01-04", "2021-01-11", "2021-01-18", "2021-01-25")


def test_snapshot_arithmetic_and_forecast():
    # 4 hires in the 4 weeks before 2021-02-28 (1 a week), 6 to go in 4 weeks: at risk, projected 8.
    records = [*hires("hackney", *(D(2021, 2, 1 + 7 * i) for i in range(4))), *hires("croydon", "2021-02-02")]
    snap = status(registry(HACKNEY, CROYDON), records, "2021-02-28")
    assert (snap.counted, snap.remaining, snap.percent) == (4, 6, 40.0)
    assert (snap.days_left, snap.weeks_left, snap.pace_needed) == (28, 4.0, 1.5)
    assert (snap.recent_hires, snap.recent_pace) == (4, 1.0)
    assert snap.forecast_date == D(2021, 4, 11)  # 6 more at 1 a week: 42 days
    assert snap.projected_at_deadline == 8
    assert snap.verdict is Verdict.at_risk and snap.verdict_text == "at risk"
    assert [r.slug for r in snap.members] == ["hackney"] and [r.counted for r in snap.others] == [1]


def test_at_risk_when_recent_pace_is_below_the_pace_needed():
    records = [
        record("hackney-0001", "2021-01-05", "in_post"),
        record("hackney-0002", "2021-01-12", "in_post"),
        record("hackney-0003", "2021-01-19", "withdrawn", "2021-01-29"),
    ]
    snap = status(registry(), records, "2021-02-01")
    # 3 counted (the withdrawn one too), 7 to go in 55 days: 7 / (55/7) = 0.891, rounded up to 0.9 a week needed;
    # 3 in the last 4 weeks: 0.75 a week.
    assert (snap.counted, snap.remaining, snap.days_left) == (3, 7, 55)
    assert snap.pace_needed == 0.9
    assert (snap.recent_hires, snap.recent_pace) == (3, 0.75)
    assert snap.verdict is Verdict.at_risk
    camden, hackney = snap.members  # by name
    assert (camden.name, hackney.name) == ("Camden", "Hackney")
    assert (hackney.counted, hackney.in_post, hackney.withdrawn, hackney.pledge) == (3, 2, 1, 6)


def test_verdicts_met_and_missed():
    records = hires("hackney", *(D(2021, 1, 4 + i) for i in range(10)))
    met = status(registry(), records, "2021-03-01")
    assert met.verdict is Verdict.met and met.reached_on == D(2021, 1, 13)
    assert met.verdict_sentence() == "met on 2021-01-13"
    missed = status(registry(target=12), records, "2021-04-01")
    assert missed.final and missed.verdict is Verdict.missed and missed.verdict_text == "missed by 2"
    assert missed.forecast_date is None and missed.pace_needed is None


@pytest.mark.parametrize("as_of, verdict", [("2021-01-04", "too early to tell"), ("2021-03-28", "met on 2021-03-01")])
def test_met_on_the_day_the_target_was_reached(as_of, verdict):
    records = hires("hackney", *["2021-03-01"] * 10)
    assert status(registry(), records, as_of).verdict_text == verdict


def test_missed_by_n_after_the_deadline_and_non_members_never_count():
    records = [
        *hires("camden", "2021-02-01"),
        *hires("croydon", "2021-02-01"),
        *hires("hackney", "2021-04-01"),  # after the deadline
    ]
    snap = status(registry(), records, "2021-05-01")
    assert (snap.counted, snap.counted_at_deadline, snap.verdict_text) == (2, 1, "missed by 9")
    (croydon,) = snap.others
    assert (croydon.slug, croydon.member, croydon.counted) == ("croydon", False, 1)


def test_membership_decides_what_counts():
    records = hires("hackney", "2021-01-05")
    assert status(registry(joined(HACKNEY, "2021-02-01")), records, "2021-01-31").counted == 0
    assert status(registry(joined(HACKNEY, "2021-02-01")), records, "2021-02-01").counted == 1
    assert status(registry(joined(HACKNEY, None)), records, "2021-03-01").counted == 0


def test_a_borough_joining_after_the_deadline_cannot_turn_missed_into_met():
    records = [*hires("hackney", *(f"2021-02-0{i}" for i in range(1, 10))), *hires("croydon", "2021-02-01")]
    before = status(registry(), records, "2021-04-30")
    assert (before.verdict_text, before.counted) == ("missed by 1", 9)
    late = registry(HACKNEY, CAMDEN, joined(CROYDON, "2021-04-15"))  # croydon joins after the deadline
    after = status(late, records, "2021-04-30")
    assert (after.verdict_text, after.counted, after.counted_at_deadline) == ("missed by 1", 9, 9)
    assert "croydon" not in {r.slug for r in after.members}


def test_the_count_at_the_deadline_is_given_only_once_it_has_passed():
    records = [*WEEKLY, *hires("camden", "2021-04-05")]
    assert status(registry(), records, "2021-03-28").counted_at_deadline is None  # the deadline's own day
    assert status(registry(), records, "2021-03-29").counted_at_deadline == 4  # the later hire is not in it
    assert status(registry(), records, "2021-03-29").final is True
    assert status(registry(), records, "2021-03-28").final is False


def test_before_the_start_the_verdict_is_not_started():
    snap = status(registry(), [], "2021-01-03")
    assert (snap.verdict, snap.verdict_text) == (Verdict.not_started, "not started")


def test_the_pace_needed_for_one_hire_is_never_zero():
    snap = status(registry(target=1, deadline=D(2199, 12, 31)), [], "2021-02-01")
    assert snap.remaining == 1 and snap.pace_needed == 0.01  # 1 in about 9,300 weeks, rounded up


# --- the forecast ----------------------------------------------------------------------------------


def test_forecast_at_a_constant_rate():
    snap = status(registry(), WEEKLY, "2021-01-31")
    # One a week over the 4-week window; 6 to go: 6 weeks, so 2021-03-14; 8 weeks left: 4 + 8 = 12.
    assert (snap.counted, snap.recent_pace, snap.weeks_left) == (4, 1.0, 8.0)
    assert (snap.forecast_date, snap.projected_at_deadline) == (D(2021, 3, 14), 12)
    assert snap.verdict is Verdict.on_track
    # A 2-week window sees 2 hires in (2021-01-17, 2021-01-31]: the same rate.
    assert status(registry(), WEEKLY, "2021-01-31", window=2).recent_pace == 1.0
    # An 8-week window on a programme that has run 4 weeks: the pace of its own 4 weeks, never of weeks
    # before it began.
    eight = status(registry(), WEEKLY, "2021-01-31", window=8)
    assert (eight.recent_pace, eight.recent_weeks, eight.recent_from) == (1.0, 4.0, D(2021, 1, 4))


def test_no_recent_hires_means_no_estimate_not_a_division_by_zero():
    snap = status(registry(), WEEKLY, "2021-03-01")
    assert (snap.recent_hires, snap.forecast_date, snap.projected_at_deadline) == (0, None, None)
    assert snap.verdict is Verdict.at_risk


def test_target_met_or_deadline_passed_have_no_forecast():
    met = status(registry(), hires("hackney", *["2021-02-01"] * 10), "2021-02-10")
    assert (met.verdict_text, met.forecast_date) == ("met on 2021-02-01", None)
    over = status(registry(), WEEKLY, "2021-04-30")
    assert (over.final, over.verdict_text, over.forecast_date) == (True, "missed by 6", None)


def test_projection_short_of_the_target_is_at_risk():
    two = hires("hackney", "2021-01-04", "2021-01-18")  # 2 in the first 4 weeks
    snap = status(registry(), two, "2021-01-31")  # 0.5 a week: 2 + 0.5 * 8 = 6, short of 10
    assert (snap.recent_pace, snap.projected_at_deadline, snap.verdict) == (0.5, 6, Verdict.at_risk)


# --- pledges ---------------------------------------------------------------------------------------


def test_pledged_places_are_pipeline_only_when_expected_by_the_deadline():
    records = [record("hackney-0001", "2021-06-01", "pledged"), record("hackney-0002", "2021-03-01", "pledged")]
    snap = status(registry(), records, "2021-02-01")
    assert (snap.counted, snap.pipeline, snap.with_pipeline, snap.pledged_apart) == (0, 1, 1, 1)
    final = status(registry(), records, "2021-04-10")
    assert (final.pipeline, final.with_pipeline, final.pledged_apart) == (0, 0, 2)


def test_only_members_pledges_are_pipeline():
    records = [record("croydon-0001", "2021-03-01", "pledged"), record("hackney-0001", "2021-03-01", "pledged")]
    snap = status(registry(), records, "2021-02-01")
    assert (snap.pipeline, snap.pledged_apart) == (1, 0)
    (croydon,) = snap.others  # shown apart for its pledge
    assert (croydon.counted, croydon.pledged) == (0, 1)


def test_pledges_that_count_are_not_pipeline_too():
    counts = (Status.pledged, Status.recruited, Status.in_post, Status.completed, Status.withdrawn)
    records = [record("hackney-0001", "2021-01-10", "pledged")]
    snap = status(registry(counts=counts), records, "2021-02-01")
    assert (snap.counted, snap.pipeline, snap.with_pipeline, snap.pledged_apart) == (1, 0, 1, 0)
