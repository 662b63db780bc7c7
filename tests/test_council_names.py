"""Councils as people write them are understood wherever a borough is given, and `boroughs` shows the
other names each borough is known by."""

from __future__ import annotations

import csv
import io
import json

import pytest

NAMES = {
    "Hackney Council": "hackney",
    "London Borough of Hackney": "hackney",
    "hackney council": "hackney",
    "Westminster City Council": "westminster",
    "City of Westminster": "westminster",
    "Royal Borough of Kensington and Chelsea": "kensington-and-chelsea",
    "Corporation of London": "city-of-london",
    "City of London Corporation": "city-of-london",
    "Barking and Dagenham London Borough Council": "barking-and-dagenham",
}


@pytest.mark.parametrize("name, slug", NAMES.items())
def test_a_council_name_finds_its_borough(cli, name, slug):
    records = json.loads(cli("list", "-b", name, "-f", "json").stdout)
    assert {r["borough"] for r in records} <= {slug}


def test_council_names_in_a_spreadsheet(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Council,Role,Start date\nHackney Council,Dev,02/03/2020\nWestminster City Council,Dev,02/03/2020\n"
    )
    assert cli("import", str(sheet)).stdout.startswith("Imported 2 record(s) (hackney 1, westminster 1)")


def test_a_place_is_not_taken_for_a_council_it_is_not(cli):
    assert "no London borough matches 'Council'" in cli("list", "-b", "Council", code=2).stderr
    assert "no London borough matches 'London'" in cli("list", "-b", "London", code=2).stderr


def test_boroughs_shows_their_other_names(cli, monkeypatch):
    rows = json.loads(cli("boroughs", "-f", "json").stdout)
    rbkc = next(r for r in rows if r["slug"] == "kensington-and-chelsea")
    assert rbkc["aliases"] == ["RBKC", "K&C", "Kensington", "Chelsea"]
    table = list(csv.DictReader(io.StringIO(cli("boroughs", "-f", "csv").stdout)))
    assert next(r for r in table if r["Slug"] == "barking-and-dagenham")["Also known as"] == "LBBD; Barking; Dagenham"
    monkeypatch.setenv("COLUMNS", "110")
    assert "Also known as" in cli("boroughs").stdout
