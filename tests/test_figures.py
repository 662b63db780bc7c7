"""Figures that mean what they say: in post is in post, a final figure is final, before the start is
'not started', pledges are pipeline only when they can still count, and a week's change is explained."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from helpers import Cli


def status(cli, *args: str) -> dict:
    return json.loads(cli("status", *args, "-f", "json").stdout)


def test_in_post_agrees_with_the_list_of_records_in_post(cli):
    cli("add", "-b", "hackney", "--role", "Data Analyst", "--start-date", "2020-09-28")  # recruited
    rows = status(cli)["boroughs"]
    listed = lambda s: len(json.loads(cli("list", "--status", s, "-f", "json").stdout))  # noqa: E731
    assert sum(r["in_post"] for r in rows) == listed("in_post") == 102
    assert sum(r["recruited"] for r in rows) == listed("recruited") == 6
    for r in rows:
        assert r["counted"] == r["recruited"] + r["in_post"] + r["completed"] + r["withdrawn"]


def test_on_a_past_date_the_split_says_it_follows_todays_status(cli):
    assert "Records keep only their current status" in cli("status", "--as-of", "2020-03-11").stdout
    assert "Records keep only their current status" not in cli("status").stdout


def test_the_count_at_the_deadline_is_given_only_once_it_has_passed(cli):
    assert status(cli, "--as-of", "2020-09-29")["counted_at_deadline"] is None
    assert status(cli, "--as-of", "2020-10-01")["counted_at_deadline"] == 116


def test_before_the_start_the_verdict_is_not_started(tiny):
    data = status(tiny, "--as-of", "2021-01-03")
    assert (data["verdict"], data["verdict_text"]) == ("not started", "not started")
    assert "NOT STARTED" in tiny("status", "--as-of", "2021-01-03").stdout


def test_a_week_in_which_a_borough_joined_explains_its_change(tiny):
    tiny.write("croydon", "- {id: croydon-0001, role: Dev, start_date: 2021-01-12}\n")
    text = (tiny.data_dir / "boroughs.yaml").read_text()
    (tiny.data_dir / "boroughs.yaml").write_text(text + "    member_since: 2021-02-10\n")  # croydon, last
    data = json.loads(tiny("summary", "--week", "2021-W06", "-f", "json").stdout)
    assert (data["new_this_week"], data["change"], data["change_from_joining"], data["joined"]) == (
        0,
        1,
        1,
        ["Croydon"],
    )
    markdown = tiny("summary", "--week", "2021-W06").stdout
    change = "+1 (0 last week; +0 started this week; +1 from Croydon, which joined this week)"
    assert f"| Change on the week before | {change} |" in markdown


def test_a_new_programme_counts_the_same_in_status_and_every_weeks_summary(tmp_path):
    root = tmp_path / "new"
    cli = Cli(root)
    start = datetime.now(ZoneInfo("Europe/London")).date()  # init's default start: London's today
    cli("init", str(root), "--name", "New", "--target", "10", "--deadline", (start + timedelta(days=300)).isoformat())
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", (start - timedelta(days=10)).isoformat())
    assert status(cli)["counted"] == 1
    summary = json.loads(cli("summary", "-f", "json").stdout)  # the last complete week, before the start
    assert summary["counted"] == 1 and summary["boroughs"][0]["member"] is True
    assert summary["verdict"] == "not started"
