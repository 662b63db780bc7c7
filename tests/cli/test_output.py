"""The output options the reports share (status, list, boroughs): --output follows the file name and
--format wins where they agree, refused where they disagree; CSV for Excel; a workbook never written to a
terminal. (Each command's own formats: its file; what is never written over: guarantees/test_files.py.)"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("command", ["status", "list", "boroughs"])
def test_output_follows_the_file_name_and_format_wins(cli, tmp_path, command):
    path = tmp_path / "out.json"
    cli(command, "-o", str(path))
    assert path.read_text().lstrip().startswith(("{", "["))
    table = tmp_path / "out.txt"
    cli(command, "-o", str(table))
    head = {"status": "LOTI Digital Apprentices, as of ", "list": "ID ", "boroughs": "Slug "}[command]
    assert table.read_text().startswith(head) and "─" in table.read_text()  # the table, not JSON
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
