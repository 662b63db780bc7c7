"""`apprentrack list`: the records, oldest first, filtered by borough (any spelling), status and dates, as
a table, CSV, JSON or a workbook; values printed literally; no match said so."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import openpyxl
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


def test_list_with_no_match_says_so(cli):
    assert cli("list", "-b", "sutton").stdout == "No records match.\n"
    assert (
        cli("list", "-b", "sutton", "-f", "csv").stdout
        == "Borough,ID,Role,Standard,Level,Start date,Status,End date,Ref,Logged\n"
    )
    assert json.loads(cli("list", "-b", "sutton", "-f", "json").stdout) == []


def test_list_as_a_real_workbook(cli, tmp_path):
    cli("add", "-b", "hackney", "--role", '=HYPERLINK("http://x","y")', "--start-date", "2020-03-02")
    path = tmp_path / "all.xlsx"
    assert cli("list", "-o", str(path)).stderr == f"Wrote {path}\n"
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header == ["Borough", "ID", "Role", "Standard", "Level", "Start date", "Status", "End date", "Ref", "Logged"]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.max_row == 128  # a header and 127 records
    first = {k: c for k, c in zip(header, ws[2], strict=True)}
    assert first["Start date"].value == datetime(2019, 6, 18) and first["Start date"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["C"].width > len("role") + 2  # as wide as its text
    formula = next(row for row in ws.iter_rows(min_row=2) if row[1].value == "hackney-0025")[2]
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK")  # text, never a formula


def test_a_council_name_finds_its_borough(cli):
    """Every council name the registry knows (core/test_registry.py) is one --borough takes."""
    records = json.loads(cli("list", "-b", "Hackney Council", "-f", "json").stdout)
    assert records and {r["borough"] for r in records} == {"hackney"}
