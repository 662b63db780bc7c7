"""`apprentrack boroughs`: London's 33 authorities, their GSS codes, areas, members and the other names each
is known by, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json


def test_boroughs_lists_all_33_with_codes(cli):
    rows = json.loads(cli("boroughs", "--format", "json").stdout)
    assert len(rows) == 33
    assert [r["code"] for r in rows] == [f"E09{n:06d}" for n in range(1, 34)]
    members = [r["name"] for r in rows if r["member_since"]]
    assert len(members) == 15 and "Hackney" in members and "Hounslow" not in members
    greenwich = next(r for r in rows if r["slug"] == "greenwich")
    assert greenwich["area"] == "outer"  # the ONS statistical definition, as boroughs.yaml says


def test_boroughs_csv_and_table(cli):
    rows = list(csv.DictReader(io.StringIO(cli("boroughs", "-f", "csv").stdout)))
    assert len(rows) == 33 and rows[11]["Name"] == "Hackney" and rows[11]["Member since"] == "2019-06-10"
    out = cli("boroughs").stdout
    assert "Kensington and Chelsea" in out and "33 boroughs, 15 members" in out


def test_boroughs_shows_their_other_names(cli, monkeypatch):
    rows = json.loads(cli("boroughs", "-f", "json").stdout)
    rbkc = next(r for r in rows if r["slug"] == "kensington-and-chelsea")
    assert rbkc["aliases"] == ["RBKC", "K&C", "Kensington", "Chelsea"]
    table = list(csv.DictReader(io.StringIO(cli("boroughs", "-f", "csv").stdout)))
    assert next(r for r in table if r["Slug"] == "barking-and-dagenham")["Also known as"] == "LBBD; Barking; Dagenham"
    monkeypatch.setenv("COLUMNS", "110")
    assert "Also known as" in cli("boroughs").stdout
