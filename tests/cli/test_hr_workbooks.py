"""Workbooks as HR keeps them: the column names HR systems use, a title row above the header, free-text
statuses read through the one table --status uses, a planned end left out, a total row skipped, columns
not read named for what they are only when personal, .xls and .ods met with how to save them; and an
export with headings people read and real date cells that import reads back."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, new_programme, snapshot_tree

README = (ROOT / "README.md").read_text()

HEADER = [
    "Name",
    "Employee ID",
    "Job title",
    "Start date",
    "Department",
    "Status",
    "Leaving date",
    "Apprenticeship level",
    "Planned end date",
]
PEOPLE = [  # synthetic: no real person
    [
        "A. Example",
        "E0101",
        "Data Analyst",
        datetime(2019, 9, 2),
        "Digital",
        "Started",
        None,
        "Level 4",
        datetime(2021, 9, 1),
    ],
    [
        "B. Example",
        "E0102",
        "Software Developer",
        datetime(2019, 9, 2),
        "Digital",
        "In post",
        None,
        4,
        datetime(2021, 9, 1),
    ],
    ["C. Example", "E0103", "IT Solutions Technician", datetime(2020, 1, 6), "ICT", "Offer accepted", None, 3, None],
    ["D. Example", "E0104", "Project Manager", datetime(2019, 10, 7), "PMO", "Left", datetime(2020, 2, 28), 4, None],
    [
        "E. Example",
        "E0105",
        "Cyber Security Technologist",
        datetime(2019, 7, 1),
        "ICT",
        "Finished",
        datetime(2020, 7, 31),
        4,
        None,
    ],
    ["F. Example", "E0106", "ICT Help Desk", datetime(2019, 11, 4), "ICT", "active", None, "L3", None],
]


def hr_workbook(path: Path, people=PEOPLE) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Apprentices 2019-20"
    ws.append(["Lambeth Council - Digital apprentices tracker"])
    ws.append([])
    ws.append(HEADER)
    for person in people:
        ws.append(person)
    ws.append(["Total", None, None, None, None, None, None, len(people), None])
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy"  # as an HR workbook shows them: real dates, UK order
    book.save(path)
    return path


def test_an_hr_workbook_imports_in_one_go_and_counts_equal_the_rows(tmp_path):
    fresh = new_programme(tmp_path)
    path = hr_workbook(tmp_path / "Lambeth tracker.xlsx")
    result = fresh("import", str(path), "-b", "lambeth", "--ignore-column", "Name", "--ignore-column", "Department")
    assert result.stdout.startswith("Imported 6 record(s) (lambeth 6); skipped 0 already recorded.")
    err = result.stderr
    assert "row 3 is the header: the 1 row(s) above it skipped" in err
    assert "column(s) 'Planned end date': a planned end, left out (a record holds the actual end date)" in err
    assert "row 10 is a total row: skipped" in err and "Left out unread: Name, Department" in err
    status = json.loads(fresh("status", "--as-of", "2020-09-30", "-f", "json").stdout)
    lambeth = next(b for b in status["boroughs"] if b["slug"] == "lambeth")
    assert lambeth["counted"] == len(PEOPLE) == status["counted"]
    assert (lambeth["recruited"], lambeth["in_post"], lambeth["completed"], lambeth["withdrawn"]) == (1, 3, 1, 1)
    records = {r["ref"]: r for r in json.loads(fresh("list", "-f", "json").stdout)}
    assert records["E0104"]["status"] == "withdrawn" and records["E0104"]["end_date"] == "2020-02-28"
    assert records["E0101"]["level"] == 4 and records["E0106"]["level"] == 3
    assert "Example" not in (fresh.data_dir / "apprentices" / "lambeth.yaml").read_text()  # no name kept
    again = fresh("import", str(path), "-b", "lambeth", "--ignore-column", "Name", "--ignore-column", "Department")
    assert again.stdout.startswith("Imported 0 record(s); skipped 6 already recorded.")


def test_columns_not_read_are_named_for_what_they_are_only_when_personal(cli, data_dir, tmp_path):
    before = snapshot_tree(data_dir)
    err = cli("import", str(hr_workbook(tmp_path / "t.xlsx")), "-b", "lambeth", code=1).stderr
    assert "column 'Name' looks like a name: records hold no names or contact details" in err
    department = next(line for line in err.splitlines() if "'Department'" in line)
    assert "is not a column apprentrack reads; it reads: borough, id, role, standard, level" in department
    assert "records hold no" not in department and "contact" not in department
    assert "to import the file without reading them: --ignore-column Name --ignore-column Department" in err
    assert "Lambeth Council" not in err  # the title row is never taken for a column
    assert snapshot_tree(data_dir) == before


def test_statuses_not_understood_are_named_once_with_the_table(cli, data_dir, tmp_path):
    people = [
        [*p[:5], s, *p[6:]]
        for p, s in zip(PEOPLE, ["On hold", "TBC", "Offer accepted", "Left", "On hold", "Active"], strict=True)
    ]
    before = snapshot_tree(data_dir)
    ignore = ("--ignore-column", "Name", "--ignore-column", "Department")
    err = cli("import", str(hr_workbook(tmp_path / "s.xlsx", people)), "-b", "lambeth", *ignore, code=1).stderr
    assert (
        ":3: status: not understood: 'On hold' (rows 4, 8); 'TBC' (row 5). The statuses, and what is read as each: "
        in err
    )
    assert "recruited (Offer accepted, Appointed); in_post (In post, Started, Active)" in err
    assert "completed (Finished, Achieved, Passed); withdrawn (Left, Leaver, Resigned)" in err
    assert snapshot_tree(data_dir) == before


def test_status_spellings_are_one_table_for_import_and_the_options(cli):
    from apprentrack.domain.words import STATUS_SPELLINGS

    assert [r["id"] for r in json.loads(cli("list", "--status", "Started", "-f", "json").stdout)] == [
        r["id"] for r in json.loads(cli("list", "--status", "in_post", "-f", "json").stdout)
    ]
    added = cli(
        "add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--status", "Offer accepted", "--dry-run"
    )
    assert "  status: recruited\n" in added.stdout
    for status, spellings in STATUS_SPELLINGS.items():  # the README shows the same table
        assert f"| `{status.value}` | {', '.join(spellings)}{' ' if spellings else ''}|" in README


@pytest.mark.parametrize(
    "columns",
    [
        "Employee No.,Job Title,Commencement Date,Stage",
        "Payroll number,Position,Start,Current status",
        "Staff ID,Post,Date started,Apprentice status",
        "Employee Number,Role,Start Date (DD/MM/YYYY),Status",
    ],
)
def test_the_column_names_hr_systems_use(cli, tmp_path, columns):
    sheet = tmp_path / "hr.csv"
    header = f"{columns},Apprenticeship framework,Apprenticeship Level,End date"
    sheet.write_text(f"{header}\nP1,Dev,02/03/2020,Leaver,Software developer,4,31/07/2020\n")
    assert cli("import", str(sheet), "-b", "hackney").stdout.startswith("Imported 1 record(s) (hackney 1)")
    (record,) = [r for r in json.loads(cli("list", "-b", "hackney", "-f", "json").stdout) if r["ref"] == "P1"]
    assert (record["status"], record["end_date"], record["standard"], record["level"]) == (
        "withdrawn",
        "2020-07-31",
        "Software developer",
        4,
    )


def test_the_readme_lists_every_column_name_read():
    from apprentrack.spreadsheets.importer import COLUMN_NAMES, PLANNED_END

    table = README[README.index("| field | column names read") :]
    for field, names in COLUMN_NAMES.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `{field}` |"))
        assert all(f"`{name}`" in row for name in names), (field, row)
    assert all(f"`{name}`" in table for name in PLANNED_END)


@pytest.mark.parametrize(
    "name, kind",
    [
        ("book.xls", "an Excel 97-2003 workbook (.xls)"),
        ("renamed.csv", "an Excel 97-2003 workbook (.xls)"),
        ("book.ods", "an OpenDocument spreadsheet (.ods)"),
    ],
)
def test_xls_and_ods_are_met_with_how_to_save_them(cli, data_dir, tmp_path, name, kind):
    path = tmp_path / name
    if name.endswith(".ods"):
        with zipfile.ZipFile(path, "w") as book:  # what LibreOffice writes first: the mimetype, stored
            book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
            book.writestr("content.xml", "<office:document-content/>")
    else:
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # the start of every .xls
    before = snapshot_tree(data_dir)
    err = cli("import", str(path), "-b", "hackney", code=1).stderr
    assert f"{path}:1: {kind}" in err
    assert "save it as .xlsx (Excel Workbook) or .csv (CSV UTF-8)" in err and "UTF-8 ... " not in err
    assert "byte 0xd0" not in err
    assert snapshot_tree(data_dir) == before


def test_an_export_has_headings_people_read_and_real_dates_and_reads_back(cli, tmp_path):
    path = tmp_path / "hackney.xlsx"
    cli("list", "-b", "hackney", "-o", str(path))
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]] == [
        "Borough",
        "ID",
        "Role",
        "Standard",
        "Level",
        "Start date",
        "Status",
        "End date",
        "Ref",
        "Logged",
    ]
    assert isinstance(ws["F2"].value, datetime) and ws["F2"].number_format == "yyyy-mm-dd"
    assert ws["H2"].value == datetime(2020, 7, 26) and ws["H2"].number_format == "yyyy-mm-dd"  # hackney-0001 ended
    csv_path = tmp_path / "hackney.csv"
    cli("list", "-b", "hackney", "-o", str(csv_path))
    assert csv_path.read_text().startswith("Borough,ID,Role,Standard,Level,Start date,Status,End date,Ref,Logged\n")
    fresh = new_programme(tmp_path)
    for export in (path, csv_path):
        assert re.match(
            r"Imported 24 record\(s\)|Imported 0 record\(s\); skipped 24", fresh("import", str(export)).stdout
        )
    assert fresh("list", "-f", "json").stdout == cli("list", "-b", "hackney", "-f", "json").stdout
