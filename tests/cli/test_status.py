"""`apprentrack status`: the headline figures and the boroughs (or a breakdown, the headcount share) as a
table fitted to the terminal, JSON, CSV, Markdown or a workbook; --as-of and --window; usage errors and
refused data. The arithmetic behind each figure is asserted in core/ (test_snapshot, test_breakdown,
test_headcount); here, that the command shows it, on the frozen fixture and on small hand-made data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import yaml
from helpers import Cli


def status_json(cli, *args):
    result = cli("status", "--format", "json", *args)
    return json.loads(result.stdout)  # nothing but the data on stdout


def test_public_figure_of_march_2020_is_73_of_100(cli):
    data = status_json(cli, "--as-of", "2020-03-11")
    assert (data["counted"], data["target"], data["remaining"], data["percent"]) == (73, 100, 27, 73.0)
    assert data["as_of"] == "2020-03-11"
    assert data["deadline"] == "2020-09-30"
    assert data["days_left"] == 203
    assert data["pace_needed"] == 0.94  # 27 in 203 days: 0.931 a week, rounded up so as never to understate it
    assert data["verdict"] == "on track"
    assert data["recent_pace"] > data["pace_needed"]
    member_total = sum(b["counted"] for b in data["boroughs"] if b["member"])
    assert member_total == 73


def test_uk_date_means_the_same_day(cli):
    assert status_json(cli, "--as-of", "11/03/2020") == status_json(cli, "--as-of", "2020-03-11")


def test_json_shape_lists_boroughs(cli):
    data = status_json(cli, "--as-of", "2020-03-11")
    assert data["schema_version"] == 3
    members = [b for b in data["boroughs"] if b["member"]]
    assert len(members) == 15
    hounslow = next(b for b in data["boroughs"] if b["slug"] == "hounslow")
    assert hounslow["member"] is False and hounslow["counted"] == 1  # shown apart, never in the total
    for key in ("slug", "name", "member", "counted", "in_post", "completed", "withdrawn", "pledged", "last_hire"):
        assert key in members[0]


def test_table_shows_headline_and_borough_rows(cli):
    out = cli("status", "--as-of", "2020-03-11").stdout
    assert "LOTI Digital Apprentices, as of 2020-03-11" in out
    assert "73 of 100 (73%)" in out
    assert "27 to go by 2020-09-30" in out
    assert "203 days (29 weeks)" in out
    assert "ON TRACK" in out
    assert "Other boroughs (shown apart, not counted)" in out
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    assert total.split()[1] == "73"
    assert max(len(line) for line in out.splitlines()) <= 80


def test_after_the_deadline_the_result_is_final(cli):
    data = status_json(cli)  # today, long after September 2020
    assert data["final"] is True
    assert data["verdict"] == "met"
    out = cli("status").stdout
    assert "(final)" in out and "2020-09-30 (passed)" in out


def test_future_and_malformed_dates_are_usage_errors(cli):
    result = cli("status", "--as-of", "2150-01-01", code=2)
    assert "--as-of: 2150-01-01 is in the future" in result.stderr
    result = cli("status", "--as-of", "03/25/2020", code=2)
    assert "looks like a US month/day date" in result.stderr and "25/03/2020" in result.stderr
    result = cli("status", "--as-of", "11 March", code=2)
    assert "write YYYY-MM-DD (2020-03-11) or DD/MM/YYYY (11/03/2020)" in result.stderr
    assert result.stdout == ""


def test_missing_data_dir_says_how_to_point_to_one(tmp_path):
    result = Cli(tmp_path / "nowhere")("status", code=2)
    assert "no data directory at" in result.stderr and "--data-dir" in result.stderr
    assert "apprentrack init DIR" in result.stderr


def test_status_refuses_invalid_data_naming_file_and_line(cli, data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    path.write_text(path.read_text().replace("level: 4", "level: 9", 1))
    result = cli("status", code=1)
    assert f"{path}:" in result.stderr and "level: must be at most 7" in result.stderr
    assert result.stdout == ""


# --- the figures in words, on small hand-made data (the figures themselves: core/test_snapshot.py) ---

WEEKLY_HIRES = "".join(
    f"- {{id: hackney-{i:04d}, role: Dev, start_date: 2021-01-{d:02d}}}\n" for i, d in enumerate((4, 11, 18, 25), 1)
)


def words(cli, *args: str) -> str:
    """The table's text with its spacing folded, whatever the layout."""
    return " ".join(cli("status", *args).stdout.split())


def test_the_forecast_in_words_and_the_window_given(tiny):
    tiny.write("hackney", WEEKLY_HIRES)
    out = tiny("status", "--as-of", "2021-01-31").stdout
    assert "Forecast         target reached around 14 March 2021 (estimate)" in out
    assert "At the deadline  about 12 at the recent pace (estimate)" in out
    assert "ON TRACK" in out
    eight = status_json(tiny, "--as-of", "2021-01-31", "--window", "8")  # the programme's own 4 weeks
    assert (eight["recent_pace"], eight["recent_weeks"], eight["recent_from"]) == (1.0, 4.0, "2021-01-04")
    assert "no hires in the last 4 weeks, so no estimate" in tiny("status", "--as-of", "2021-03-01").stdout
    assert "Forecast" not in tiny("status", "--as-of", "2021-04-30").stdout  # the deadline has passed


def test_pledged_places_in_words(tiny):
    tiny.write(
        "hackney",
        "- {id: hackney-0001, role: Dev, start_date: 2021-06-01, status: pledged}\n"
        "- {id: hackney-0002, role: Dev, start_date: 2021-03-01, status: pledged}\n",
    )
    out = words(tiny, "--as-of", "2021-02-01")
    assert "Pipeline 1 pledged place expected by the deadline, not yet counted" in out
    assert "Pledged apart 1 pledged place expected after the deadline: not pipeline" in out
    assert "2 pledged places not filled by the deadline" in tiny("status", "--as-of", "2021-04-10").stdout


def test_before_the_start_the_verdict_is_not_started(tiny):
    data = status_json(tiny, "--as-of", "2021-01-03")
    assert (data["verdict"], data["verdict_text"]) == ("not started", "not started")
    assert "NOT STARTED" in tiny("status", "--as-of", "2021-01-03").stdout


def test_the_pace_needed_for_one_hire_is_shown_as_it_is(tiny):
    text = (tiny.data_dir / "boroughs.yaml").read_text()
    (tiny.data_dir / "boroughs.yaml").write_text(
        text.replace("  target: 10\n", "  target: 1\n").replace("  deadline: 2021-03-28\n", "  deadline: 2199-12-31\n")
    )
    assert "Pace needed 0.01 a week" in words(tiny, "--as-of", "2021-02-01")  # never rounded to 0


def test_a_breakdown_by_what_the_records_say(tiny):
    tiny.write(
        "hackney",
        "- {id: hackney-0001, role: Software developer, start_date: 2021-01-05}\n"
        "- {id: hackney-0002, role: software developers, start_date: 2021-01-06, level: 4}\n",
    )
    data = status_json(tiny, "--as-of", "2021-02-01", "--by", "level")
    assert data["breakdown"] == "level"
    assert [(g["label"], g["counted"]) for g in data["by"]] == [("(no level)", 1), ("Level 4", 1)]
    out = words(tiny, "--as-of", "2021-02-01", "--by", "role")
    assert "Counted by role (member boroughs)" in out and "Software developer 2" in out


# --- on the frozen fixture: the split of the counted, the breakdowns ----------------------------------


def test_in_post_agrees_with_the_list_of_records_in_post(cli):
    cli("add", "-b", "hackney", "--role", "Data Analyst", "--start-date", "2020-09-28")  # recruited
    rows = status_json(cli)["boroughs"]
    listed = lambda s: len(json.loads(cli("list", "--status", s, "-f", "json").stdout))  # noqa: E731
    assert sum(r["in_post"] for r in rows) == listed("in_post") == 102
    assert sum(r["recruited"] for r in rows) == listed("recruited") == 6
    for r in rows:
        assert r["counted"] == r["recruited"] + r["in_post"] + r["completed"] + r["withdrawn"]


def test_on_a_past_date_the_split_says_it_follows_todays_status(cli):
    assert "Records keep only their current status" in cli("status", "--as-of", "2020-03-11").stdout
    assert "Records keep only their current status" not in cli("status").stdout


LOTI = {  # LOTI's list when the goal was met, by the role's key
    "software developer": 7,
    "infrastructure technician": 6,
    "it solutions technician": 6,
    "digital project manager": 6,
    "project manager": 15,
    "it user": 3,
    "cyber security technologist": 2,
    "ict help desk": 2,
    "application support specialist": 2,
    "graphic design and drone pilot": 1,
}


def test_status_by_role_shows_lotis_list(cli):
    data = status_json(cli, "--as-of", "2020-09-30", "--by", "role")
    groups = {g["key"]: g for g in data["by"]}
    assert data["breakdown"] == "role" and sum(g["counted"] for g in data["by"]) == data["counted"] == 116
    for key, at_least in LOTI.items():
        assert groups[key]["counted"] >= at_least, key
    assert groups["data analyst"]["counted"] + groups["business analyst"]["counted"] == 5  # kept apart
    out = " ".join(cli("status", "--as-of", "2020-09-30", "--by", "role").stdout.split())
    assert "Counted by role (member boroughs)" in out and "Project Manager 15 1 14 0 0" in out and "Total 116" in out


def test_a_wrong_breakdown_is_a_usage_error(cli):
    assert (
        "--by: 'colour' is not one of: borough, role, standard, level, area"
        in cli("status", "--by", "colour", code=2).stderr
    )


# --- pledges and headcount --------------------------------------------------------------------------


HOUNSLOW_MEMBERSHIP = "member_since: null  # joined LOTI during 2020, date not public: set it when known\n"


def with_pledge_and_headcount(data_dir: Path) -> None:
    path = data_dir / "boroughs.yaml"
    text = path.read_text()
    text = text.replace(
        "    code: E09000012\n    area: inner\n    member_since: 2019-06-10  # reconstructed founding member\n",
        "    code: E09000012\n    area: inner\n    member_since: 2019-06-10\n    pledge: 25\n    headcount: 2400\n",
    )
    text = text.replace(
        f"    code: E09000018\n    area: outer\n    {HOUNSLOW_MEMBERSHIP}",
        "    code: E09000018\n    area: outer\n    member_since: null\n    headcount: 300\n",
    )
    path.write_text(text)


def test_pledges_show_against_counted_hires_and_pipeline_against_the_target(cli, data_dir):
    with_pledge_and_headcount(data_dir)
    data = json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)
    row = next(b for b in data["boroughs"] if b["slug"] == "hackney")
    assert (row["pledge"], row["counted"], row["pledged"]) == (25, 22, 0)
    assert (data["pipeline"], data["with_pipeline"], data["pledged_apart"]) == (2, 75, 1)
    out = " ".join(cli("status", "--as-of", "2020-03-11").stdout.split())
    assert "With pipeline 75 of 100 (73 counted + 2 pledged)" in out
    assert "Hackney 22 of 25" in out
    assert "'12 of 15': 12 counted of the 15 places the borough pledged" in out


def test_headcount_shares_per_public_sector_period(cli, data_dir):
    with_pledge_and_headcount(data_dir)
    data = json.loads(cli("status", "--as-of", "2020-08-28", "--headcount", "-f", "json").stdout)
    rows = {r["slug"]: r for r in data["headcount"]}
    assert set(rows) == {"hackney", "hounslow"}
    records = yaml.safe_load((data_dir / "apprentices" / "hackney.yaml").read_text())
    in_2019_20 = sum(r["status"] != "pledged" and "2019-04-01" <= str(r["start_date"]) <= "2020-03-31" for r in records)
    first, second = rows["hackney"]["periods"]
    assert (first["label"], first["starts"], first["percent"]) == (
        "2019/20",
        in_2019_20,
        round(100 * in_2019_20 / 2400, 2),
    )
    assert (second["label"], second["end"], first["meets_target"]) == ("2020/21", "2020-08-28", False)
    hounslow = rows["hounslow"]["periods"]
    assert [p["starts"] for p in hounslow] == [1, 1]  # a non-member is still a public body with a target
    assert hounslow[0]["meets_target"] is False and round(100 * 1 / 300, 2) == hounslow[0]["percent"]
    out = cli("status", "--as-of", "2020-08-28", "--headcount").stdout
    assert "Apprenticeship starts as a share of headcount (target: 2.3% a year" in out
    assert f"Hackney       2400 {in_2019_20} ({100 * in_2019_20 / 2400:.1f}%)" in out


def test_headcount_without_any_headcount_says_how_to_add_one(cli):
    out = cli("status", "--headcount").stdout
    assert "No borough has a headcount: add `headcount: N` to a borough in boroughs.yaml" in out


# --- other formats ----------------------------------------------------------------------------------


def test_status_in_csv_markdown_and_a_workbook(cli, tmp_path):
    rows = list(csv.DictReader(io.StringIO(cli("status", "--as-of", "2020-03-11", "-f", "csv").stdout)))
    members = [r for r in rows if r["Section"] == "member"]
    (total,) = [r for r in rows if r["Section"] == "total"]
    assert sum(int(r["Counted"]) for r in members) == int(total["Counted"]) == 73  # the column adds up to the figure
    assert [r["Name"] for r in rows if r["Section"] == "other"] == ["Croydon", "Hounslow"]  # apart, after the total
    markdown = cli("status", "--as-of", "2020-03-11", "-f", "markdown").stdout
    assert markdown.startswith(
        "## LOTI Digital Apprentices, as of 2020-03-11\n\n**73 of 100 (73%)**. Verdict: **On track**."
    )
    path = tmp_path / "roles.xlsx"
    cli("status", "--as-of", "2020-09-30", "--by", "role", "-o", str(path))
    ws = openpyxl.load_workbook(path).active
    assert ws["A2"].value == "Project Manager" and ws["B2"].value == 15
