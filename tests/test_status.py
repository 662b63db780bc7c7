import json

import pytest


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


def test_target_met_by_end_of_august_2020(cli):
    data = status_json(cli, "--as-of", "2020-08-28")
    assert data["counted"] == 104  # London Councils, 28 August 2020: "over 100"
    assert data["verdict"] == "met"
    assert data["reached_on"] == "2020-08-06"
    assert data["verdict_text"] == "met on 2020-08-06"
    assert data["final"] is False


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
    from helpers import Cli

    result = Cli(tmp_path / "nowhere")("status", code=2)
    assert "no data directory at" in result.stderr and "--data-dir" in result.stderr
    assert "apprentrack init DIR" in result.stderr


def test_status_refuses_invalid_data_naming_file_and_line(cli, data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    path.write_text(path.read_text().replace("level: 4", "level: 9", 1))
    result = cli("status", code=1)
    assert f"{path}:" in result.stderr and "level: must be at most 7" in result.stderr
    assert result.stdout == ""


# --- exact figures on small hand-made data ---------------------------------------------------------


def test_at_risk_when_recent_pace_is_below_the_pace_needed(tiny):
    tiny.write(
        "hackney",
        """\
        - {id: hackney-0001, role: Dev, start_date: 2021-01-05, status: in_post}
        - {id: hackney-0002, role: Dev, start_date: 2021-01-12, status: in_post}
        - {id: hackney-0003, role: Dev, start_date: 2021-01-19, status: withdrawn, end_date: 2021-01-29}
        """,
    )
    data = json.loads(tiny("status", "--as-of", "2021-02-01", "-f", "json").stdout)
    # 3 counted (the withdrawn one too), 7 to go in 55 days: 7 / (55/7) = 0.891, rounded up to 0.9 a week needed;
    # 3 in the last 4 weeks: 0.75 a week.
    assert (data["counted"], data["remaining"], data["days_left"]) == (3, 7, 55)
    assert data["pace_needed"] == 0.9
    assert (data["recent_hires"], data["recent_pace"]) == (3, 0.75)
    assert data["verdict"] == "at risk"
    hackney = data["boroughs"][1]
    assert hackney["name"] == "Hackney"
    assert (hackney["counted"], hackney["in_post"], hackney["withdrawn"], hackney["pledge"]) == (3, 2, 1, 6)


def test_missed_by_n_after_the_deadline_and_non_members_never_count(tiny):
    tiny.write("camden", "- {id: camden-0001, role: Dev, start_date: 2021-02-01}\n")
    tiny.write("croydon", "- {id: croydon-0001, role: Dev, start_date: 2021-02-01}\n")
    tiny.write("hackney", "- {id: hackney-0001, role: Dev, start_date: 2021-04-01}\n")  # after the deadline
    data = json.loads(tiny("status", "--as-of", "2021-05-01", "-f", "json").stdout)
    assert (data["counted"], data["counted_at_deadline"], data["verdict_text"]) == (2, 1, "missed by 9")
    croydon = next(b for b in data["boroughs"] if b["slug"] == "croydon")
    assert (croydon["member"], croydon["counted"]) == (False, 1)


@pytest.mark.parametrize("as_of, verdict", [("2021-01-04", "at risk"), ("2021-03-28", "met on 2021-03-01")])
def test_met_on_the_day_the_target_was_reached(tiny, as_of, verdict):
    records = "".join(f"- {{id: hackney-{i:04d}, role: Dev, start_date: 2021-03-01}}\n" for i in range(1, 11))
    tiny.write("hackney", records)
    data = json.loads(tiny("status", "--as-of", as_of, "-f", "json").stdout)
    assert data["verdict_text"] == verdict


def test_pledged_places_are_pipeline_only_when_expected_by_the_deadline(tiny):
    tiny.write(
        "hackney",
        "- {id: hackney-0001, role: Dev, start_date: 2021-06-01, status: pledged}\n"
        "- {id: hackney-0002, role: Dev, start_date: 2021-03-01, status: pledged}\n",
    )
    data = json.loads(tiny("status", "--as-of", "2021-02-01", "-f", "json").stdout)
    assert (data["counted"], data["pipeline"], data["with_pipeline"], data["pledged_apart"]) == (0, 1, 1, 1)
    out = " ".join(tiny("status", "--as-of", "2021-02-01").stdout.split())
    assert "Pipeline 1 pledged place expected by the deadline, not yet counted" in out
    assert "Pledged apart 1 pledged place expected after the deadline: not pipeline" in out
    final = json.loads(tiny("status", "--as-of", "2021-04-10", "-f", "json").stdout)
    assert (final["pipeline"], final["with_pipeline"], final["pledged_apart"]) == (0, 0, 2)
    assert "2 pledged places not filled by the deadline" in tiny("status", "--as-of", "2021-04-10").stdout
