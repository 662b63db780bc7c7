"""Figures from the first week of a programme to its last, and with hires logged late (issue 20), asserted
on the core with small programmes made here; a few through the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apprentrack.domain.counting import Timeline
from apprentrack.domain.programme import Borough, Programme, Registry
from apprentrack.domain.record import Record
from apprentrack.domain.words import COUNTED_BY_DEFAULT, Status, Verdict
from apprentrack.figures.snapshot import snapshot
from apprentrack.figures.weekly import weekly
from apprentrack.output.status import progress_rows
from apprentrack.output.summary import most_new_hires, reconciled, title

D = date
START, DEADLINE = D(2021, 1, 4), D(2021, 6, 27)  # a Monday, a Sunday


def registry(target: int = 20, members: dict[str, date | None] | None = None) -> Registry:
    members = {"a": START, "b": START, "c": None} if members is None else members
    programme = Programme("P", target, START, DEADLINE, COUNTED_BY_DEFAULT, recent_weeks=8)
    codes = iter(range(1, 99))
    boroughs = [Borough(s, s.upper(), f"E0900000{next(codes)}", "inner", since) for s, since in members.items()]
    return Registry(programme, boroughs)


def hire(n: int, start: date, logged: date | None = None, status: Status = Status.in_post) -> Record:
    return Record(f"a-{n:04d}", "Dev", None, None, start, status, None, None, logged)


def timelines(records: dict[str, list[Record]]) -> dict[str, Timeline]:
    return {slug: Timeline.of(recs) for slug, recs in records.items()}


# --- the pace from the programme's own weeks ---------------------------------------------------------


def test_the_recent_pace_is_taken_over_the_weeks_the_programme_has_run():
    records = {"a": [hire(1, START), hire(2, START + timedelta(days=8)), hire(3, D(2020, 11, 2))]}  # one before
    snap = snapshot(registry(), timelines(records), START + timedelta(days=13))  # two weeks run
    assert snap.counted == 3  # a hire dated before the start counts in the total...
    assert (snap.recent_hires, snap.recent_weeks, snap.recent_from) == (2, 2.0, START)  # ...not in the pace
    assert snap.recent_pace == 1.0
    assert (snap.forecast_date, snap.projected_at_deadline, snap.verdict) == (None, None, Verdict.too_early)
    assert snap.forecast_from == START + timedelta(weeks=4, days=-1)
    rows = dict(progress_rows(snap))
    assert rows["Recent pace"] == "1 a week (2 in the 2 weeks since the programme began)"
    assert rows["Forecast"] == "none yet: too early to tell (the first on 31 January 2021)"


def test_one_week_in_the_pace_is_over_1_week():
    records = {"a": [hire(1, START), hire(2, START + timedelta(days=3))]}
    snap = snapshot(registry(), timelines(records), START + timedelta(days=6))
    assert dict(progress_rows(snap))["Recent pace"] == "2 a week (2 in the 1 week since the programme began)"


def test_a_new_programme_with_no_hire_on_its_first_day_is_not_at_risk():
    first_day = snapshot(registry(), {}, START)
    assert first_day.verdict is Verdict.too_early and first_day.verdict_text == "too early to tell"
    assert dict(progress_rows(first_day))["Recent pace"] == "0 since the programme began on 4 January 2021"
    before = snapshot(registry(), {}, START - timedelta(days=1))
    assert before.verdict is Verdict.not_started
    assert dict(progress_rows(before))["Forecast"] == "none before the programme begins"


def test_after_four_weeks_the_pace_gives_a_forecast_and_a_verdict():
    weekly_hires = {"a": [hire(i, START + timedelta(weeks=i)) for i in range(4)]}
    snap = snapshot(registry(target=10), timelines(weekly_hires), START + timedelta(weeks=4, days=-1))
    assert (snap.recent_weeks, snap.recent_pace) == (4.0, 1.0)
    assert snap.forecast_date == START + timedelta(weeks=4, days=-1) + timedelta(weeks=6)
    assert snap.verdict is Verdict.on_track  # 4 + 1 a week for 21 weeks reaches 10
    assert snapshot(registry(target=30), timelines(weekly_hires), snap.as_of).verdict is Verdict.at_risk


def test_on_the_deadline_day_the_pace_needed_is_today_and_after_it_the_result_is_final():
    records = {"a": [hire(i, START + timedelta(days=i)) for i in range(15)]}
    on_the_day = snapshot(registry(), timelines(records), DEADLINE)
    rows = dict(progress_rows(on_the_day))
    assert (on_the_day.remaining, on_the_day.days_left, on_the_day.pace_needed) == (5, 0, 35.0)  # 5 in one day
    assert (rows["Time left"], rows["Pace needed"]) == ("today is the deadline", "5 today")
    after = snapshot(registry(), timelines(records), DEADLINE + timedelta(days=1))
    assert after.final and after.verdict is Verdict.missed and after.pace_needed is None
    assert dict(progress_rows(after))["Deadline"] == "2021-06-27 (passed): 15 counted by then"


def test_a_percentage_reads_100_only_once_the_target_is_met_and_a_far_forecast_is_no_overflow():
    records = {"a": [hire(i, START) for i in range(999)]}
    snap = snapshot(registry(target=1000), timelines(records), START + timedelta(weeks=8))
    assert snap.percent == 99.9 and snap.verdict is not Verdict.met
    slow = snapshot(registry(target=10**9), timelines({"a": [hire(1, START + timedelta(days=50))]}), D(2021, 3, 1))
    assert slow.forecast_date is None and slow.projected_at_deadline == 3  # beyond the calendar: no date, no crash
    assert dict(progress_rows(slow))["Forecast"] == "target reached not before 2200 (estimate)"


def test_a_hire_recruited_to_start_later_counts_from_its_start_and_is_in_the_pipeline():
    day = D(2021, 2, 1)
    records = {"a": [hire(1, D(2021, 3, 1), logged=D(2021, 1, 25), status=Status.recruited)]}
    snap = snapshot(registry(), timelines(records), day)
    assert (snap.counted, snap.starting_later, snap.pipeline, snap.with_pipeline) == (0, 1, 0, 1)
    assert dict(progress_rows(snap))["Pipeline"] == (
        "1 hire recruited to start later expected by the deadline, not yet counted"
    )
    assert snap.members[0].starting_later == 1
    assert snapshot(registry(), timelines(records), D(2021, 3, 1)).counted == 1  # from its start
    not_yet_known = snapshot(registry(), timelines(records), D(2021, 1, 20))  # before it was logged
    assert not_yet_known.starting_later == 0


# --- the week: so far, reconciled, ties ------------------------------------------------------------------


MONDAY = D(2021, 2, 8)


def test_a_week_not_over_is_reported_so_far_never_with_a_future_date():
    tuesday = MONDAY + timedelta(days=1)
    s = weekly(registry(), {"a": [hire(1, MONDAY)]}, MONDAY, today=tuesday)
    assert (s.week_end, s.complete, s.at_end.as_of) == (tuesday, False, tuesday)
    assert s.at_end.days_left == (DEADLINE - tuesday).days
    assert title(s) == "P: week 2021-W06 (8 to 9 February 2021, so far)"
    done = weekly(registry(), {"a": [hire(1, MONDAY)]}, MONDAY, today=MONDAY + timedelta(days=7))
    assert (done.week_end, done.complete) == (MONDAY + timedelta(days=6), True)


def test_a_hire_logged_late_is_named_and_the_week_reconciles_with_the_week_before():
    last_tuesday, this_monday = MONDAY - timedelta(days=6), MONDAY
    records = {
        "a": [hire(1, D(2021, 1, 20)), hire(2, last_tuesday, logged=this_monday), hire(3, MONDAY + timedelta(days=2))],
        "b": [hire(4, MONDAY + timedelta(days=3))],
    }
    today = MONDAY + timedelta(days=10)
    s = weekly(registry(), records, MONDAY, today)
    assert (s.previous_counted, s.started_this_week, s.logged_late) == (1, 2, 1)
    assert [(late.name, late.count) for late in s.logged_late_by] == [("A", 1)]
    assert reconciled(s) == "1 last week; +2 started this week; +1 logged this week with an earlier start (A 1)"
    assert s.previous_counted + s.started_this_week + s.logged_late == s.at_end.counted == 4
    before = weekly(registry(), records, MONDAY - timedelta(weeks=1), today)  # the week the late hire began
    assert (before.at_end.counted, before.logged_since, before.new_this_week) == (2, 1, 1)
    as_known = weekly(registry(), records, MONDAY - timedelta(weeks=1), today, as_known=True)
    assert (as_known.at_end.counted, as_known.logged_since) == (1, 0)  # as it stood then


def test_ties_for_most_new_hires_are_all_named_or_counted():
    members = {s: START for s in "abcdefgh"}
    four = {s: [hire(1, MONDAY)] for s in "abcd"} | {"e": [hire(1, MONDAY), hire(2, MONDAY)]}
    s = weekly(registry(members=members), four, MONDAY, MONDAY + timedelta(days=7))
    assert most_new_hires(s) == "Most new hires this week: E (2), A (1), B (1), C (1), D (1)."
    eight = {s: [hire(1, MONDAY)] for s in "abcdefgh"}
    s = weekly(registry(members=members), eight, MONDAY, MONDAY + timedelta(days=7))
    assert most_new_hires(s) == "Most new hires this week: A (1), B (1), C (1), D (1), E (1), and 3 more with 1."


records_of_a_week = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.dates(D(2020, 12, 1), D(2021, 3, 31)),  # start
        st.integers(0, 40),  # logged this many days after the start (0: on it)
        st.booleans(),  # a record from before `logged` was kept
        st.sampled_from([Status.recruited, Status.in_post, Status.pledged]),
    ),
    max_size=30,
)


@pytest.mark.slow  # a property test, as the others are
@settings(max_examples=300, deadline=None)
@given(
    records_of_a_week,
    st.dates(D(2021, 1, 4), D(2021, 3, 29)).map(lambda d: d - timedelta(days=d.weekday())),
    st.dates(D(2021, 1, 1), D(2021, 4, 30)),
    st.booleans(),
)
def test_last_weeks_figure_plus_this_weeks_changes_is_this_weeks_figure(rows, monday, joins, as_known):
    """For any records and any week: last week's publishable figure + this week's starts + this week's late
    logged + boroughs joining + (unless as known) those logged since = this week's figure."""
    records: dict[str, list[Record]] = {}
    for n, (slug, start, late, old, status) in enumerate(rows):
        logged = None if old else start + timedelta(days=late)
        records.setdefault(slug, []).append(hire(n, start, logged, status))
    today = D(2021, 5, 1)
    s = weekly(registry(members={"a": START, "b": joins, "c": None}), records, monday, today, as_known=as_known)
    parts = s.previous_counted + s.started_this_week + s.logged_late + s.change_from_joining + s.logged_since
    assert parts == s.at_end.counted


# --- through the command line ------------------------------------------------------------------------


def test_a_new_programme_started_today_shows_no_forecast_and_is_not_at_risk(tmp_path):
    from helpers import Cli

    root = tmp_path / "new"
    cli = Cli(root)
    cli(
        "init",
        str(root),
        "--name",
        "New programme",
        "--target",
        "50",
        "--deadline",
        "31/03/2099",
        "--members",
        "Hackney",
    )
    for role in ("Data Analyst", "Software Developer", "IT Technician"):
        cli("add", "-b", "hackney", "--role", role, "--start-date", date.today().isoformat(), "--status", "in_post")
    table = cli("status").stdout
    assert "TOO EARLY TO TELL" in table and "AT RISK" not in table and "target reached" not in table
    data = json.loads(cli("status", "-f", "json").stdout)
    assert (data["verdict"], data["forecast_date"], data["counted"]) == ("too early to tell", None, 3)


def test_the_shipped_data_two_weeks_in_has_the_pace_of_those_weeks(cli):
    data = json.loads(cli("status", "--as-of", "2019-06-24", "-f", "json").stdout)
    assert (data["counted"], data["recent_hires"], data["recent_weeks"], data["recent_from"]) == (
        2,
        2,
        2.1,
        "2019-06-10",
    )
    assert (data["verdict"], data["forecast_date"]) == ("too early to tell", None)
    assert "2 in the 2.1 weeks since the programme began" in cli("status", "--as-of", "2019-06-24").stdout


def test_a_back_dated_add_is_named_in_the_week_it_was_logged(cli):
    from apprentrack.domain.dates import today, week_label

    monday = today() - timedelta(days=today().weekday())
    cli(
        "add",
        "-b",
        "brent",
        "--role",
        "Data Analyst",
        "--start-date",
        str(monday - timedelta(days=6)),
        "--status",
        "in_post",
    )
    this_week = json.loads(cli("summary", "--week", week_label(monday), "-f", "json").stdout)
    assert this_week["week_end"] <= today().isoformat() and this_week["complete"] is (monday + timedelta(6) < today())
    assert (this_week["logged_late"], this_week["logged_late_by"]) == (
        1,
        [{"slug": "brent", "name": "Brent", "count": 1}],
    )
    assert (
        this_week["previous_counted"] + this_week["logged_late"] + this_week["started_this_week"]
        == this_week["counted"]
    )
    note = cli("summary", "--week", week_label(monday)).stdout
    (line,) = [line for line in note.splitlines() if "logged this week" in line]
    assert "+1 logged this week with an earlier start (Brent 1)" in line  # the borough and a count: no role, no date
    assert "Data Analyst" not in line and str(monday - timedelta(days=6)) not in line


def test_the_frozen_fixtures_late_hire_reconciles_week_12_with_week_11(cli):
    w12 = cli("summary", "--week", "2020-W12").stdout
    assert "+6 (73 last week; +5 started this week; +1 logged this week with an earlier start (Brent 1))" in w12
    w11 = json.loads(cli("summary", "--week", "2020-W11", "--as-known", "-f", "json").stdout)
    assert (w11["counted"], w11["as_known"], w11["logged_since"]) == (73, True, 0)  # as the W11 note could say
    assert json.loads(cli("summary", "--week", "2020-W11", "-f", "json").stdout)["logged_since"] == 1


def test_records_to_check_are_pointed_at_and_listed(cli):
    assert "9 records to check" in cli("status").stdout
    checked = cli("validate")  # warnings only: exit 0
    assert (
        checked.stdout.count(" warning: ") == 9 and "still 'recruited' over 12 weeks after its start" in checked.stdout
    )
    stale = json.loads(cli("list", "--stale", "-f", "json").stdout)
    assert len(stale) == 9 and {r["status"] for r in stale} == {"pledged", "recruited"}


def test_a_logged_date_in_the_future_is_refused_and_an_export_carries_it(cli, data_dir, tmp_path):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  logged: 2150-01-01\n")
    assert f"{path}:4: logged: 2150-01-01 is in the future" in cli("validate", code=1).stdout
    path.unlink()
    exported = json.loads(cli("list", "-b", "brent", "-f", "json").stdout)
    assert [r["logged"] for r in exported if r["id"] == "brent-0003"] == ["2020-03-16"]
