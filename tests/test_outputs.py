"""Output where people want it: status in CSV, Markdown and a workbook; --output on status, list and
boroughs; a real xlsx; CSV for Excel; one rule for formats and files."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pytest


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


@pytest.mark.parametrize("command", ["status", "list", "boroughs"])
def test_output_follows_the_file_name_and_format_wins(cli, tmp_path, command):
    path = tmp_path / "out.json"
    cli(command, "-o", str(path))
    assert path.read_text().lstrip().startswith(("{", "["))
    table = tmp_path / "out.txt"
    cli(command, "-o", str(table))
    assert "─" in table.read_text() or "\n" in table.read_text()
    refused = cli(command, "-f", "csv", "-o", str(tmp_path / "x.json"), code=2)
    assert "--format csv and --output" in refused.stderr and "disagree" in refused.stderr


def test_csv_for_excel(cli, tmp_path):
    path = tmp_path / "boroughs.csv"
    cli("boroughs", "-o", str(path), "--excel")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfSlug,Name,") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert "--excel goes with CSV" in cli("boroughs", "-f", "json", "--excel", code=2).stderr
    plain = cli("list", "-f", "csv").stdout
    assert not plain.startswith("\ufeff") and "\r" not in plain  # plain CSV on stdout stays clean


def test_a_workbook_on_stdout_only_when_it_is_not_a_terminal(cli):
    assert cli("list", "-f", "xlsx").stdout_bytes.startswith(b"PK")  # a zip: piped, it is written


def test_a_workbook_is_never_written_to_a_terminal(monkeypatch):
    import sys

    from apprentrack.cli.output import deliver
    from apprentrack.domain.errors import UsageError

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(UsageError, match=r"xlsx is not for a terminal: give --output FILE\.xlsx"):
        deliver(b"PK...", None, "xlsx")
