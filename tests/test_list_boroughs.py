import csv
import io
import json

import yaml
from helpers import FIXTURE


def shipped_records():
    out = []
    for path in sorted((FIXTURE / "apprentices").glob("*.yaml")):
        out += [(path.stem, r) for r in yaml.safe_load(path.read_text()) or []]
    return out


def test_list_json_has_every_record_oldest_first(cli):
    rows = json.loads(cli("list", "--format", "json").stdout)
    assert len(rows) == len(shipped_records())
    assert [r["start_date"] for r in rows] == sorted(r["start_date"] for r in rows)
    fields = {"borough", "id", "role", "standard", "level", "start_date", "status", "end_date", "ref", "logged"}
    assert set(rows[0]) == fields


def test_list_filters_by_borough_status_and_dates(cli):
    rows = json.loads(
        cli(
            "list", "-b", "RBKC", "--status", "in_post", "--since", "01/01/2020", "--until", "2020-06-30", "-f", "json"
        ).stdout
    )
    expected = [
        r["id"]
        for slug, r in shipped_records()
        if slug == "kensington-and-chelsea"
        and r["status"] == "in_post"
        and "2020-01-01" <= str(r["start_date"]) <= "2020-06-30"
    ]
    assert expected and sorted(r["id"] for r in rows) == sorted(expected)
    assert all(r["borough"] == "kensington-and-chelsea" for r in rows)


def test_list_csv_reads_back_in_a_spreadsheet_shape(cli):
    text = cli("list", "--format", "csv", "--borough", "hackney").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    header = ["Borough", "ID", "Role", "Standard", "Level", "Start date", "Status", "End date", "Ref", "Logged"]
    assert list(rows[0]) == header
    assert len(rows) == sum(slug == "hackney" for slug, _ in shipped_records())
    assert rows[0]["ID"] == "hackney-0001" and rows[0]["Start date"] == "2019-07-10"


def test_list_table_prints_values_literally(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("- id: merton-0001\n  role: '[red]Dev[/red] [link=http://x]y[/link]'\n  start_date: 2020-01-06\n")
    out = cli("list", "--borough", "merton").stdout
    assert "[red]Dev[/red]" in out and "1 record" in out


def test_boroughs_lists_all_33_with_codes(cli):
    rows = json.loads(cli("boroughs", "--format", "json").stdout)
    assert len(rows) == 33
    assert [r["code"] for r in rows] == [f"E09{n:06d}" for n in range(1, 34)]
    members = [r["name"] for r in rows if r["member_since"]]
    assert len(members) == 15 and "Hackney" in members and "Hounslow" not in members
    greenwich = next(r for r in rows if r["slug"] == "greenwich")
    assert greenwich["area"] == "outer"  # the ONS statistical definition, as boroughs.yaml says


def test_boroughs_csv_and_table(cli):
    rows = list(csv.DictReader(io.StringIO(cli("boroughs", "-f", "csv").stdout)))
    assert len(rows) == 33 and rows[11]["Name"] == "Hackney" and rows[11]["Member since"] == "2019-06-10"
    out = cli("boroughs").stdout
    assert "Kensington and Chelsea" in out and "33 boroughs, 15 members" in out


def test_list_with_no_match_says_so(cli):
    assert cli("list", "-b", "sutton").stdout == "No records match.\n"
    assert (
        cli("list", "-b", "sutton", "-f", "csv").stdout
        == "Borough,ID,Role,Standard,Level,Start date,Status,End date,Ref,Logged\n"
    )
    assert json.loads(cli("list", "-b", "sutton", "-f", "json").stdout) == []
