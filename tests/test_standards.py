"""Standards are checked against the list apprentrack ships, each entry with its level and source; a
standard not on it is a warning with the nearest name suggested, never an error."""

from __future__ import annotations

import re
from importlib.resources import files

import yaml


def test_every_shipped_standard_has_a_level_and_a_source():
    entries = yaml.safe_load(files("apprentrack.domain").joinpath("standards.yaml").read_text())["standards"]
    assert len(entries) >= 15
    for e in entries:
        assert 2 <= e["level"] <= 7 and "seen 2026-11-29" in e["source"], e
        assert "code" not in e or re.fullmatch(r"ST\d{4}", e["code"]), e


def test_a_standard_not_on_the_list_is_a_warning_with_the_nearest_name(cli, data_dir):
    result = cli(
        "add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-09-07", "--standard", "Sofware developer"
    )
    assert result.stdout.startswith("Added hackney-0025")  # never an error
    assert "Warning: --standard: 'Sofware developer' is not on the list of apprenticeship standards" in result.stderr
    assert "did you mean 'Software developer'?" in result.stderr
    checked = cli("validate")
    assert "warning: hackney-0025: standard 'Sofware developer' is not on the list" in checked.stdout
    assert checked.stdout.count("standard '") == 1  # this one; the others warn of records to check (list --stale)
    assert checked.stdout.endswith("OK: no problems (20 files, 127 valid records); 11 warning(s)\n")


def test_standards_on_the_list_draw_no_warning(cli):
    checked = cli("validate").stdout
    assert "standard '" not in checked and checked.endswith(
        "OK: no problems (20 files, 126 valid records); 9 warning(s)\n"
    )
    result = cli(
        "add", "-b", "hackney", "--role", "PM", "--start-date", "2020-09-07", "--standard", "associate project MANAGER"
    )
    assert "Warning" not in result.stderr
