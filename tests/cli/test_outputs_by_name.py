"""Outputs by name: a file name whose extension names none of the command's formats is refused listing
them (.txt is the table); the summary's SVG card needs no charts extra; forms writes inside the
programme's repository, or, outside any, into the programme folder, and says where."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import snapshot_tree


@pytest.mark.parametrize(
    "command, name, listed",
    [
        ("status", "report.pdf", ".txt (the table), .json, .csv, .md or .xlsx"),
        ("status", "status.png", ".txt (the table), .json, .csv, .md or .xlsx"),
        ("list", "records", ".txt (the table), .json, .csv or .xlsx"),
        ("boroughs", "boroughs.docx", ".txt (the table), .json, .csv or .xlsx"),
        ("summary --week 2020-W11", "week.pdf", ".md, .txt (the text), .json, .csv, .svg, .png or .html"),
        ("map", "map.gif", ".txt (the text), .svg, .png or .html"),
    ],
)
def test_a_file_name_that_names_no_format_is_refused_listing_them(cli, tmp_path, command, name, listed):
    target = tmp_path / name
    result = cli(*command.split(), "--output", str(target), code=2)
    assert result.stderr.startswith(
        f"Error: --output: '{target}' names none of the formats here: give a name ending {listed}, or --format\n"
    )
    assert not target.exists()


def test_txt_is_the_table_and_format_still_wins(cli, tmp_path):
    cli("status", "--as-of", "2020-03-11", "-o", str(tmp_path / "status.txt"))
    assert "73 of 100" in (tmp_path / "status.txt").read_text(encoding="utf-8")
    cli("status", "--as-of", "2020-03-11", "-f", "json", "-o", str(tmp_path / "report.dat"))
    assert (tmp_path / "report.dat").read_text().startswith("{")


def test_the_summary_card_as_svg_needs_no_charts_extra(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "vl_convert", None)  # as if the charts extra were not installed
    card = cli("summary", "--week", "2020-W11", "--format", "svg").stdout
    assert card.startswith("<svg") and "<desc>74 of 100 apprentices recruited (74%), 4 new this week." in card
    png = cli("summary", "--week", "2020-W11", "--format", "png", "-o", str(tmp_path / "w.png"), code=2)
    assert "needs the charts extra: pip install 'apprentrack[charts]'" in png.stderr


def test_forms_outside_a_repository_go_in_the_programme_folder(cli, data_dir, tmp_path):
    result = cli("forms")
    folder = data_dir / ".github" / "ISSUE_TEMPLATE"
    assert (folder / "new-apprentice.yml").is_file() and (folder / "apprentice-update.yml").is_file()
    assert f"Not in a git repository: the forms are in the programme folder, {folder}." in result.stderr
    assert f"Wrote {folder / 'new-apprentice.yml'}" in result.stderr
    assert not (tmp_path / ".github").exists()  # never above the programme


@pytest.mark.slow
def test_forms_in_a_repository_go_at_its_root(cli, data_dir, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    before = snapshot_tree(data_dir)
    result = cli("forms")
    assert (tmp_path / ".github" / "ISSUE_TEMPLATE" / "new-apprentice.yml").is_file()
    assert "Not in a git repository" not in result.stderr and snapshot_tree(data_dir) == before
