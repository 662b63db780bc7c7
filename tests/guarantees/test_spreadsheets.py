"""Spreadsheets are a channel both ways: an export never carries a formula a spreadsheet would run, an
import takes the guard off, a file in two encodings is refused with its row, and two columns for one
field are named."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import Cli, snapshot_tree

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("ref", FORMULAS[:4])  # a record holds no tab or CR: to_csv guards them too
def test_csv_export_guards_formulas_and_import_undoes_it(cli, data_dir, tmp_path, ref):
    cli("add", "-b", "hackney", "--role", ref, "--start-date", "2020-03-02", "--ref", ref)
    exported = cli("list", "-b", "hackney", "-f", "csv").stdout
    (row,) = [r for r in csv.DictReader(io.StringIO(exported)) if r["ID"] == "hackney-0025"]
    assert row["Ref"] == row["Role"] == "'" + ref
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in csv.reader(io.StringIO(exported)) for cell in r)
    sheet = tmp_path / "export.csv"
    sheet.write_text(exported)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    cli(
        "init",
        str(fresh / "data"),
        "--name",
        "Copy",
        "--target",
        "10",
        "--start",
        "2019-06-10",
        "--deadline",
        "2020-09-30",
    )
    copy = Cli(fresh / "data")
    copy("import", str(sheet))
    (record,) = [r for r in json.loads(copy("list", "-f", "json").stdout) if r["id"] == "hackney-0025"]
    assert record["ref"] == record["role"] == ref


def test_the_summary_csv_is_guarded_too(cli):
    from apprentrack.spreadsheets.write import guarded, to_csv

    assert to_csv([{"a": "=1+1", "b": "fine", "c": -3, "d": "\tx"}]) == "a,b,c,d\n'=1+1,fine,-3,'\tx\n"
    assert guarded("-") == "'-" and guarded(7) == 7


def test_a_file_in_two_encodings_is_refused_with_its_row(cli, data_dir, tmp_path):
    sheet = tmp_path / "mixed.csv"
    sheet.write_bytes("Role,Start date\nCafé lead,02/03/2020\n".encode() + "Café host,03/03/2020\n".encode("cp1252"))
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), "-b", "hackney", code=1)
    assert f"{sheet}:3: row 3: byte 0xe9 is not UTF-8, while other rows are: save the whole file as UTF-8" in (
        result.stderr
    )
    assert snapshot_tree(data_dir) == before


def test_a_cp1252_file_still_imports(cli, tmp_path):
    sheet = tmp_path / "excel.csv"
    sheet.write_bytes("Role,Start date\nCafé host,03/03/2020\n".encode("cp1252"))
    cli("import", str(sheet), "-b", "hackney")
    assert "Café host" in {r["role"] for r in json.loads(cli("list", "-b", "hackney", "-f", "json").stdout)}


def test_two_columns_for_one_field_are_named(cli, data_dir, tmp_path):
    sheet = tmp_path / "two.csv"
    sheet.write_text("Role,Job title,Start date\nDev,Developer,02/03/2020\n")
    result = cli("import", str(sheet), "-b", "hackney", code=1)
    assert f"{sheet}:1: columns 'Role' and 'Job title' are both the role: keep one (or rename the other)" in (
        result.stderr
    )
