"""Workbooks that are not what they seem (issue 22, class 1): import reads what a person sees (the sheet
the workbook opens at, never a hidden one unasked; merged cells showing their value in every cell they
cover), refuses a row half filled in and two columns headed the same, and is bounded by what a file
holds, not by what it declares: a 2 KB workbook that declares a cell at XFD1048576, a shared-strings zip
bomb, and CSV and JSON files made to unfold are each refused (or read) at once, with the bound named.
Every workbook is made here, with openpyxl and zipfile; nothing large is committed."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT, new_programme, snapshot_tree

import apprentrack.spreadsheets.importer

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def handmade(
    path: Path, sheet_xml: str, strings: Iterator[bytes] | None = None, parts: int = 0, prolog: str = ""
) -> Path:
    """The smallest workbook Excel's format allows, written part by part: one sheet (`prolog` before its
    root), and shared strings written from `strings` (a generator: gigabytes of them cost the file only
    megabytes), and `parts` empty parts more."""
    strings_type = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            f"{strings_type if strings is not None else ''}</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Hires" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/worksheets/sheet1.xml", f'{prolog}<worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>')
        if strings is not None:
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for chunk in strings:
                    part.write(chunk)
        for number in range(parts):
            book.writestr(f"customXml/item{number}.xml", "")
    return path


def row(number: int, *cells: str) -> str:
    """A row of inline-string cells, from column A."""
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(cells)
        )
        + "</row>"
    )


HIRES = row(1, "Role", "Start date") + row(2, "Data Analyst", "2020-03-02")


def book_of(path: Path, sheets: list[tuple[str, list[list[object]], str]], active: int = 0) -> Path:
    """A workbook of (title, rows, state) sheets, in that order, opening at sheet `active`."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        ws = book.create_sheet(title)
        ws.sheet_state = state
        for cells in rows:
            ws.append(cells)
    book.active = active
    book.save(path)
    return path


DATA = [["Borough", "Role", "Start date"], ["hackney", "Data Analyst", datetime(2020, 3, 2)]]
OTHER = [["Borough", "Role", "Start date"], ["camden", "Software Developer", datetime(2020, 4, 6)]]


def refused(cli, data_dir, *args: str) -> str:
    """The refusal's messages (exit 1), having checked that nothing on disk changed."""
    before = snapshot_tree(data_dir)
    err = cli("import", *args, code=1).stderr
    assert "Traceback" not in err and snapshot_tree(data_dir) == before
    return err


# What a person sees: the sheet, and merged cells.


@pytest.mark.parametrize("state, said", [("hidden", "hidden"), ("veryHidden", "very hidden")])
def test_a_workbook_whose_only_data_is_on_a_hidden_sheet_is_refused_naming_it(cli, data_dir, tmp_path, state, said):
    path = book_of(tmp_path / "t.xlsx", [("Data", DATA, state), ("Sheet1", [], "visible")], active=1)
    err = refused(cli, data_dir, str(path))
    assert (
        f"{path}:1: sheet 'Sheet1', the one a person sees, is empty; the workbook's other sheets are hidden: "
        f"Data ({said}). Import never reads a hidden sheet unasked: unhide it in Excel" in err
    )
    named = cli("import", str(path), "--sheet", "Data", "--dry-run")  # naming it is knowing it is there
    assert f"sheet 'Data' is {said} in the workbook: read, as --sheet names it" in named.stderr
    assert named.stdout.startswith("Would import 1 record(s) (hackney 1)")


def test_the_sheet_a_person_sees_is_read_not_a_hidden_one_before_it(cli, tmp_path):
    path = book_of(
        tmp_path / "t.xlsx",
        [("Old", DATA, "hidden"), ("Notes", [["Nothing to import"]], "visible"), ("Hires", OTHER, "visible")],
        active=2,
    )
    result = cli("import", str(path), "--dry-run")
    assert result.stdout.startswith("Would import 1 record(s) (camden 1)")
    assert (
        "sheet 'Hires' read, the one the workbook opens at; --sheet NAME reads another of them: Old (hidden), "
        "Notes\n" in result.stderr
    )
    assert "hackney" not in result.stdout


def test_every_sheet_hidden_or_an_empty_one_opened_at_are_refused_with_the_others_named(cli, data_dir, tmp_path):
    hidden = book_of(tmp_path / "h.xlsx", [("Data", DATA, "hidden"), ("More", OTHER, "visible")])
    with zipfile.ZipFile(hidden) as book:  # openpyxl will not save it so: Excel would not either
        parts = {name: book.read(name) for name in book.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'state="visible"', b'state="veryHidden"')
    with zipfile.ZipFile(hidden, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    assert "every sheet is hidden (Data (hidden), More (very hidden)): import reads the sheet a person sees" in (
        refused(cli, data_dir, str(hidden))
    )
    cover = book_of(tmp_path / "c.xlsx", [("Cover", [], "visible"), ("Data", DATA, "visible")])
    assert (
        "sheet 'Cover', the one the workbook opens at, is empty: name the sheet to import with --sheet (the "
        "others: Data)" in refused(cli, data_dir, str(cover))
    )


def test_merged_cells_carry_their_value_to_every_cell_they_cover(cli, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Hackney Council - digital apprentices"])
    ws.append(["Borough", "Role", "Start date", "Status"])
    ws.append(["Hackney", "Data Analyst", datetime(2020, 3, 2), "In post"])
    ws.append([None, "Software Developer", datetime(2020, 3, 2), None])
    ws.append([None, "IT Technician", datetime(2020, 4, 6), None])
    ws.append(["Camden", "Data Analyst", datetime(2020, 5, 4), "Recruited"])
    ws.append([None, "Project Manager", datetime(2020, 5, 4), None])
    ws.append([])
    ws.merge_cells("A1:D1")  # a title across the table
    ws.merge_cells("A3:A5")  # Hackney's three hires
    ws.merge_cells("D3:D5")  # all three in post
    ws.merge_cells("A6:A8")  # Camden's two, and a blank row the merged cell runs into
    ws.merge_cells("D6:D7")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    result = cli("import", str(path), "--dry-run")
    assert result.stdout.startswith("Would import 5 record(s) (camden 2, hackney 3)")
    assert "row 2 is the header: the 1 row(s) above it skipped" in result.stderr
    hackney = result.stdout[result.stdout.index("hackney.yaml") :]
    assert hackney.count("status: in_post") == 3 and "role: IT Technician" in hackney


def test_a_merged_header_over_two_columns_is_two_columns_headed_the_same(cli, data_dir, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Role", "Start date", None])
    ws.append(["Data Analyst", datetime(2020, 3, 2), datetime(2020, 3, 9)])
    ws.merge_cells("B1:C1")
    path = tmp_path / "m.xlsx"
    book.save(path)
    err = refused(cli, data_dir, str(path), "-b", "hackney")
    assert f"{path}:1: columns B and C are both headed 'Start date': keep one (or rename the other)" in err


# Rows and columns that must not be guessed at.


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_row_with_a_key_cell_blank_is_an_error_naming_it_never_skipped(cli, data_dir, tmp_path, kind):
    rows = [
        ["Borough", "Role", "Start date", "Status", "Notes"],
        ["hackney", "Data Analyst", "02/03/2020", "In post", ""],
        ["", "Software Developer", "02/03/2020", "In post", ""],  # row 3: no borough, and no --borough
        ["hackney", "", "02/03/2020", "In post", ""],  # row 4: no role
        ["hackney", "IT Technician", "", "", ""],  # row 5: no start date
        ["", "", "", "", ""],  # row 6: wholly blank, skipped
        ["", "", "", "", "to check"],  # row 7: something, but none of the keys
        ["Total", "", "", "", ""],  # row 8: a total row, skipped and said so
    ]
    path = tmp_path / f"hires.{kind}"
    if kind == "csv":
        path.write_text("".join(",".join(cells) + "\n" for cells in rows))
    else:
        book_of(path, [("Hires", [[c or None for c in cells] for cells in rows], "visible")])
    err = refused(cli, data_dir, str(path), "--ignore-column", "Notes")
    fill = "a row that holds anything is read as a hire; fill {} in, or clear the row"
    assert f"{path}:3: row 3: borough is blank: {fill.format('it')}" in err
    assert f"{path}:4: row 4: role is blank: {fill.format('it')}" in err
    assert f"{path}:5: row 5: start date is blank: {fill.format('it')}" in err
    assert f"{path}:7: row 7: borough, role and start date are blank: {fill.format('them')}" in err
    assert ":6:" not in err and ":8:" not in err and "row 8 is a total row: skipped" in err
    assert f"Error: 4 problem(s) in {path}; no file was changed" in err  # the import file, not the data
    given = cli("import", str(path), "--ignore-column", "Notes", "-b", "hackney", code=1).stderr  # row 3 is then fine
    assert ":3:" not in given and f"{path}:4: row 4: role is blank" in given


def test_a_header_with_no_role_or_start_date_column_is_refused_once_not_row_by_row(cli, data_dir, tmp_path):
    path = tmp_path / "keys.csv"
    path.write_text("Borough,Status\nhackney,In post\ncamden,Left\n")
    err = refused(cli, data_dir, str(path))
    assert f"{path}:1: no role column: every record has one ('Role', 'Job title', 'Job', ...)" in err
    assert f"{path}:1: no start date column: every record has one ('Start date', 'Start', 'Started', ...)" in err
    assert "row 2" not in err and "Error: 2 problem(s)" in err


def test_two_columns_with_the_same_header_are_an_error_naming_both(cli, data_dir, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("Role,Start date,Status,role,Status\nData Analyst,02/03/2020,In post,Developer,Left\n")
    err = refused(cli, data_dir, str(path), "-b", "hackney")
    assert f"{path}:1: columns C and E are both headed 'Status': keep one (or rename the other)" in err
    assert f"{path}:1: columns A and D are both headed 'Role' and 'role': keep one (or rename the other)" in err
    assert "both the role" not in err  # said once
    export = tmp_path / "twice.json"  # a key twice in one record of a JSON file: the same
    export.write_text('[{"borough": "hackney", "role": "Dev", "start_date": "2020-03-02", "role": "Analyst"}]')
    assert f"{export}:1: a record has the key 'role' twice: keep one" in refused(cli, data_dir, str(export))


# Bounded by what the file holds.


@pytest.mark.parametrize("held", [True, False], ids=["holding a value", "formatted but empty"])
def test_a_2kb_workbook_declaring_a_cell_at_xfd1048576_is_read_or_refused_at_once(cli, data_dir, tmp_path, held):
    far = '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>' if held else '<c r="XFD1048576" s="0"/>'
    sheet = f'<dimension ref="A1:XFD1048576"/><sheetData>{HIRES}<row r="1048576">{far}</row></sheetData>'
    path = handmade(tmp_path / "far.xlsx", sheet)
    assert path.stat().st_size < 2500
    if held:
        err = refused(cli, data_dir, str(path), "-b", "hackney")
        assert (
            f"{path}:1048576: sheet 'Hires': cell XFD1048576 holds something beyond column IV: import reads the "
            "first 256 columns (A to IV); clear it, or move what it holds into the table" in err
        )
    else:  # the rows are the ones that hold something, whatever the sheet declares
        result = cli("import", str(path), "-b", "hackney", "--dry-run")
        assert result.stdout.startswith("Would import 1 record(s) (hackney 1)")
        assert "  role: Data Analyst\n  start_date: 2020-03-02\n" in result.stdout


@pytest.mark.slow  # zlib makes 2.3 GB into the bomb's 13 MB: about 5 s of a core
def test_a_shared_strings_zip_bomb_is_refused_before_it_is_unzipped(cli, data_dir, tmp_path):
    chunk = b"<si><t>apprentice</t></si>" * 40_000  # about 1 MB; 2,200 of them: 2.3 GB
    head = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1">'.encode()
    strings = iter([head, *[chunk] * 2_200, b"</sst>"])
    size = len(head) + 2_200 * len(chunk) + len(b"</sst>")
    sheet = '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>'
    path = handmade(tmp_path / "bomb.xlsx", sheet, strings)
    assert path.stat().st_size < 20_000_000
    err = refused(cli, data_dir, str(path), "-b", "hackney")
    assert (
        f"{path}:1: xl/sharedStrings.xml unzips to {size:,} bytes (the whole workbook to " in err
        and "a workbook may unzip to at most 67,108,864 bytes (64 MiB): it is a zip bomb" in err
    )


@pytest.mark.parametrize(
    "case, message",
    [
        (
            "inflated",
            "xl/sharedStrings.xml inflates {times:,} times ({packed:,} bytes unzip to {unpacked:,}): a zip bomb",
        ),
        ("declared", "xl/sharedStrings.xml declares 300,000 shared strings; the limit is 100,000"),
        ("tags", "the sheets hold more than 1,000,000 XML tags (reading xl/worksheets/sheet1.xml), the most"),
        ("parts", "the workbook has 10,005 parts; the limit is 10,000 (a workbook has a dozen)"),
        ("dtd", "xl/worksheets/sheet1.xml declares a DTD (<!DOCTYPE or <!ENTITY), which no workbook has"),
    ],
)
def test_each_bound_on_a_workbooks_parts_is_named_when_met(cli, data_dir, tmp_path, case, message):
    sheet, strings, parts, prolog = f"<sheetData>{HIRES}</sheetData>", None, 0, ""
    if case == "inflated":
        strings = iter([f'<sst xmlns="{MAIN}"><si><t>'.encode(), *[b"a" * 1_000_000] * 40, b"</t></si></sst>"])
    elif case == "declared":
        strings = iter([f'<sst xmlns="{MAIN}" count="300000" uniqueCount="300000"><si><t>a</t></si></sst>'.encode()])
    elif case == "tags":  # numbers that do not repeat, so that the part inflates as a sheet does
        cells = "".join(f"<c><v>{n * 7919 % 1_000_003}</v></c>" for n in range(260_000))
        sheet = f"<sheetData><row>{cells}</row></sheetData>"
    elif case == "parts":
        parts = 10_000
    else:  # an entity, as a billion laughs starts: here one that expands to a role
        prolog = '<!DOCTYPE worksheet [<!ENTITY role "Data Analyst">]>'
        sheet = f"<sheetData>{row(1, 'Role', 'Start date')}{row(2, '&role;', '2020-03-02')}</sheetData>"
    path = handmade(tmp_path / f"{case}.xlsx", sheet, strings, parts, prolog)
    with zipfile.ZipFile(path) as book:
        strings_part = book.getinfo("xl/sharedStrings.xml") if strings is not None else book.infolist()[0]
    packed, unpacked = strings_part.compress_size, strings_part.file_size
    err = refused(cli, data_dir, str(path), "-b", "hackney")
    assert f"{path}:1: {message.format(times=unpacked // packed, packed=packed, unpacked=unpacked)}" in err


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("Role,Start date\n" + "x" * 30_000_000 + ",2020-03-02\n", 2, "line 2: a row of over 1,048,576 characters"),
        ("Role,Start date\n" + "," * 2_000_000 + "\n", 2, "line 2: a row of over 1,048,576 characters"),
        ('Role,Start date\n"' + ('\n"' + "," * 100_000 + '"') * 20 + "\n", 2, "line 2: a row of over 1,048,576"),
        ("Role,Start date" + "," * 300 + "x\n", 1, "row 1, column KP holds something beyond column IV"),
        ("Role,Start date\n" + "Dev,02/03/2020\n" * 10_000, 10_001, "more than 10,000 rows hold something"),
    ],
    ids=["a 30 MB line", "2 million columns", "a row over many lines", "a cell beyond IV", "10,001 rows"],
)
def test_a_csv_is_bounded_by_what_its_rows_hold(cli, data_dir, tmp_path, text, line, message):
    path = tmp_path / "big.csv"
    path.write_text(text)
    err = refused(cli, data_dir, str(path), "-b", "hackney")
    assert f"{path}:{line}: {message}" in err


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 100_000 + "]" * 100_000, "not a list of records: nested too deeply to read"),
        ("[" + "[]," * 5_000_000 + "[]]", "10,000,002 commas and brackets; the limit is 300,000"),
    ],
    ids=["deep", "millions of lists"],
)
def test_a_json_file_is_bounded_before_it_is_parsed(cli, data_dir, tmp_path, text, message):
    path = tmp_path / "export.json"
    path.write_text(text)
    assert f"{path}:1: {message}" in refused(cli, data_dir, str(path))


def test_an_import_file_over_the_size_limit_is_refused_before_it_is_read(cli, data_dir, tmp_path):
    for name in ("big.csv", "big.xlsx", "big.json"):
        path = tmp_path / name
        with path.open("wb") as file:
            file.truncate(32 * 1024 * 1024 + 1)  # a sparse file: no disk, and NULs if it were read
        err = refused(cli, data_dir, str(path), *(["-b", "hackney"] if name != "big.json" else []))
        assert f"{path}:1: file is 33,554,433 bytes; an import file may be at most 33,554,432 (32 MiB): split it" in err


def test_matching_rows_to_records_looks_at_each_record_once_not_once_a_row(tmp_path, monkeypatch):
    calls = 0
    key = apprentrack.spreadsheets.importer.hire_key

    def counted(fields):
        nonlocal calls
        calls += 1
        return key(fields)

    monkeypatch.setattr(apprentrack.spreadsheets.importer, "hire_key", counted)
    fresh = new_programme(tmp_path)
    path = tmp_path / "cohort.csv"  # no id or ref: matched by role, start date, level and standard
    path.write_text("Role,Start date\n" + "".join(f"Role {n % 7},0{1 + n % 9}/03/2020\n" for n in range(400)))
    assert fresh("import", str(path), "-b", "hackney").stdout.startswith("Imported 400 record(s)")
    calls = 0
    assert fresh("import", str(path), "-b", "hackney").stdout == "Imported 0 record(s); skipped 400 already recorded.\n"
    assert calls <= 2 * (400 + 400)  # a dry run and the write: each row once, each record once
    assert json.loads(fresh("status", "-f", "json").stdout)["counted"] == 400


def test_the_readme_states_every_bound():
    from apprentrack.spreadsheets import grid, read, workbook

    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| bound | limit | why |") :]
    lines = table[: table.index("\n\n")].splitlines()
    bounds = {  # each row of the README's table, by how it starts, and the bounds its limit gives
        "an import file's size": [grid.MAX_FILE_BYTES],
        "rows that hold something": [grid.MAX_ROWS],
        "columns": [grid.MAX_COLUMNS],
        "a CSV row": [read.MAX_ROW_CHARS],
        "a JSON file's commas": [read.MAX_JSON_VALUES],
        "a workbook's parts": [workbook.MAX_PARTS],
        "a workbook unzipped": [workbook.MAX_UNZIPPED_BYTES],
        "how many times a part": [workbook.MAX_INFLATION],
        "XML tags": [workbook.MAX_SHEET_TAGS, workbook.MAX_STRING_TAGS, workbook.MAX_OTHER_TAGS],
        "shared strings the workbook declares": [workbook.MAX_SHARED_STRINGS],
        "cells of the table covered": [workbook.MAX_MERGED_CELLS],
    }
    assert len(lines) == 2 + len(bounds)
    for start, values in bounds.items():
        line = next(line for line in lines if line.startswith(f"| {start}"))
        limit = line.split(" | ")[1]
        assert re.match(rf"{'; '.join(f'{value:,}' for value in values)}(?![\d,])", limit), line
