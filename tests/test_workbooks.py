"""Import from the workbook borough leads keep: real date cells, sheets, an Employee Ref, a Name column
left out unread on request, a total row skipped; and a round trip through xlsx gives the same figures."""

from __future__ import annotations

import json
from datetime import datetime

import openpyxl
from helpers import new_programme, snapshot_tree


def workbook(path, rows, sheet="Apprentices"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_a_round_trip_through_a_workbook_gives_the_same_figures(cli, tmp_path):
    path = tmp_path / "all.xlsx"
    cli("list", "-o", str(path))
    copy = new_programme(tmp_path)
    assert copy("import", str(path)).stdout.startswith("Imported 126 record(s)")
    for day in ("2020-02-12", "2020-03-11", "2020-08-28"):
        assert copy("status", "--as-of", day, "-f", "json").stdout == cli("status", "--as-of", day, "-f", "json").stdout
    assert copy("import", str(path)).stdout == "Imported 0 record(s); skipped 126 already recorded.\n"


def test_a_borough_leads_workbook(cli, data_dir, tmp_path):
    path = workbook(
        tmp_path / "hackney.xlsx",
        [
            ["Name", "Employee Ref", "Job title", "Start Date", "Status", "Level"],
            ["Jo Example", "E1234", "Data Analyst", datetime(2020, 9, 7), "In post", "Level 4"],
            ["Sam Example", "E1235", "Software Developer", "08/09/2020", "recruited", 3],
            ["Total", None, None, None, None, 7],
        ],
    )
    before = snapshot_tree(data_dir)
    refused = cli("import", str(path), "-b", "hackney", code=1)
    assert "column 'Name' looks like a name: records hold no names or contact details" in refused.stderr
    assert "to import the file without reading it: --ignore-column Name" in refused.stderr
    assert snapshot_tree(data_dir) == before
    dry = cli("import", str(path), "-b", "hackney", "--ignore-column", "Name", "--dry-run")
    assert "row 4 is a total row: skipped" in dry.stderr and "Left out unread: Name" in dry.stderr
    assert "Would import 2 record(s) (hackney 2)" in dry.stdout
    assert (
        "- id: hackney-0025\n  role: Data Analyst\n  level: 4\n  start_date: 2020-09-07\n"
        "  status: in_post\n  ref: E1234\n" in dry.stdout
    )
    assert snapshot_tree(data_dir) == before
    cli("import", str(path), "-b", "hackney", "--ignore-column", "Name")
    records = {r["ref"]: r for r in json.loads(cli("list", "-b", "hackney", "-f", "json").stdout) if r["ref"]}
    assert (records["E1234"]["start_date"], records["E1235"]["level"]) == ("2020-09-07", 3)
    assert "Jo Example" not in (data_dir / "apprentices" / "hackney.yaml").read_text()


def test_sheets_and_rows_are_named(cli, tmp_path):
    path = workbook(tmp_path / "book.xlsx", [["Role", "Start date"], ["Dev", "31/02/2020"]], sheet="2020")
    assert (
        f"{path}:2: row 2: start_date: '31/02/2020' is not a real date"
        in cli("import", str(path), "-b", "hackney", "--sheet", "2020", code=1).stderr
    )
    assert (
        "no sheet 'Sheet9': the sheets are 2020"
        in cli("import", str(path), "-b", "hackney", "--sheet", "Sheet9", code=1).stderr
    )
    bad = tmp_path / "fake.xlsx"
    bad.write_text("not a workbook")
    assert "not an Excel workbook" in cli("import", str(bad), "-b", "hackney", code=1).stderr
