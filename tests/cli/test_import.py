"""`apprentrack import`: records from a spreadsheet (CSV, as Excel or PowerShell save it, or a workbook)
or a JSON export, by borough column or --borough; rows already recorded skipped; every bad row named, and
nothing written; --dry-run; an export imported into a new programme gives the same records and figures.
(Formulas, mixed encodings and twin columns: guarantees/test_spreadsheets.py; one hire, one record:
guarantees/test_one_record_per_hire.py.)"""

from __future__ import annotations

import json
from datetime import datetime

import openpyxl
import pytest
import yaml
from helpers import FIXTURE, new_programme, snapshot_tree

# --- from CSV and JSON, and back --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_a_fresh_programme_gives_the_same_records(cli, tmp_path, fmt):
    export = tmp_path / f"all.{fmt}"
    export.write_text(cli("list", "--format", fmt).stdout)
    fresh = new_programme(tmp_path)
    result = fresh("import", str(export))
    assert result.stdout.startswith("Imported 126 record(s) (barking-and-dagenham 5, barnet 1, ")
    assert fresh("list", "-f", "json").stdout == cli("list", "-f", "json").stdout
    for day in ("2020-03-11", "2020-08-28", "2026-11-28"):
        assert (
            fresh("status", "--as-of", day, "-f", "json").stdout == cli("status", "--as-of", day, "-f", "json").stdout
        )
    again = fresh("import", str(export))  # the same file twice adds nothing
    assert again.stdout == "Imported 0 record(s); skipped 126 already recorded.\n"


def test_import_by_borough_one_file_each(cli, tmp_path):
    fresh = new_programme(tmp_path)
    for path in sorted((FIXTURE / "apprentices").glob("*.yaml")):
        export = tmp_path / f"{path.stem}.csv"
        export.write_text(cli("list", "-b", path.stem, "-f", "csv").stdout)
        fresh("import", str(export), "--borough", path.stem)
    assert (
        fresh("status", "--as-of", "2020-03-11", "-f", "json").stdout
        == cli("status", "--as-of", "2020-03-11", "-f", "json").stdout
    )


def test_import_a_windows_spreadsheet(cli, data_dir, tmp_path):
    sheet = tmp_path / "Hackney apprentices.csv"
    sheet.write_bytes(
        b"\xef\xbb\xbfRole,Start Date (DD/MM/YYYY),Status,Level,Reference\r\n"
        b"Software developer,02/03/2020,In post,Level 4,HR-1\r\n"
        b"Data analyst,16/03/2020,Recruited,3,HR-2\r\n"
        b",,,,\r\n,,,,\r\n"
    )
    result = cli("import", str(sheet), "--borough", "LB Hackney")
    assert result.stdout == "Imported 2 record(s) (hackney 2); skipped 0 already recorded.\n"
    added = yaml.safe_load((data_dir / "apprentices" / "hackney.yaml").read_text())[-2:]
    assert [(r["id"], r["role"], str(r["start_date"]), r["status"], r["level"], r["ref"]) for r in added] == [
        ("hackney-0025", "Software developer", "2020-03-02", "in_post", 4, "HR-1"),
        ("hackney-0026", "Data analyst", "2020-03-16", "recruited", 3, "HR-2"),
    ]
    assert cli("import", str(sheet), "-b", "hackney").stdout.endswith("skipped 2 already recorded.\n")


def test_import_a_cp1252_file(cli, data_dir, tmp_path):
    sheet = tmp_path / "camden.csv"
    sheet.write_bytes("Job title,Start date\nCafé support,02/03/2020\n".encode("cp1252"))
    cli("import", str(sheet), "-b", "camden")
    assert yaml.safe_load((data_dir / "apprentices" / "camden.yaml").read_text())[-1]["role"] == "Café support"


def test_import_with_bad_rows_names_every_row_and_writes_nothing(cli, data_dir, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "Borough,Role,Start date,Status,End date\n"
        "Hackney,Dev,02/03/2020,in post,\n"
        "Hackney,Dev,31/02/2020,in post,\n"
        "Camden,Dev,02/03/2020,completed,\n"
        "Camden,Ok,02/03/2020,in post,\n"
    )
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), code=1)
    assert f"{sheet}:3: row 3: start_date: '31/02/2020' is not a real date" in result.stderr
    assert f"{sheet}:4: row 4: end_date: a 'completed' record needs an end_date" in result.stderr
    assert "2 problem(s)" in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "text, message",
    [
        ("Role,Start date,Name\nDev,02/03/2020,Jo\n", "column 'Name' looks like a name: records hold no names"),
        ("Role,Start date,Email\nDev,02/03/2020\n", "column 'Email' looks like an e-mail address"),  # a short row
        ("Role,Start date\nDev,02/03/2020\n", "no borough column: give the borough with --borough"),
        ("", "the file is empty"),
    ],
)
def test_import_refuses_files_it_should_not_read(cli, data_dir, tmp_path, text, message):
    sheet = tmp_path / "x.csv"
    sheet.write_text(text)
    before = snapshot_tree(data_dir)
    assert message in cli("import", str(sheet), code=1).stderr
    assert snapshot_tree(data_dir) == before


def test_import_dry_run_counts_and_writes_nothing(cli, data_dir, tmp_path):
    sheet = tmp_path / "x.csv"
    sheet.write_text("Borough,Role,Start date\nHackney,Dev,02/03/2020\nRBKC,Dev,02/03/2020\n")
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), "--dry-run")
    assert result.stdout.startswith(
        "Would import 2 record(s) (hackney 1, kensington-and-chelsea 1); skipped 0 already recorded. "
        "Dry run: nothing written.\n"
    )
    hackney = data_dir / "apprentices" / "hackney.yaml"
    assert f"Would add to {hackney}:\n- id: hackney-0025\n  role: Dev\n  start_date: 2020-03-02\n" in result.stdout
    assert snapshot_tree(data_dir) == before


def test_council_names_in_a_spreadsheet(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Council,Role,Start date\nHackney Council,Dev,02/03/2020\nWestminster City Council,Dev,02/03/2020\n"
    )
    assert cli("import", str(sheet)).stdout.startswith("Imported 2 record(s) (hackney 1, westminster 1)")


# --- from workbooks ---------------------------------------------------------------------------------


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
