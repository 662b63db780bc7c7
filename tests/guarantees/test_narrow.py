"""A figure is never cut: below the width a table needs, the output switches to a layout that fits."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("columns", ["40", "60", "80", "120"])
def test_status_never_cuts_a_figure(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    out = cli("status", "--as-of", "2020-03-11").stdout
    assert "…" not in out
    assert max(map(len, out.splitlines())) <= int(columns)
    data = json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)
    flat = " ".join(out.split())
    for row in data["boroughs"]:  # each borough's name and counted figure, whatever the layout
        assert row["name"] in flat
    assert "Southwark: 8 counted" in flat if int(columns) < 80 else "Southwark 8 0 8 0 0 1" in flat
    assert ("Total: 73 counted" if int(columns) < 80 else "Total 73 0 68 0 5 3") in flat


@pytest.mark.parametrize("command", [("list", "-b", "hackney"), ("boroughs",), ("status", "--headcount")])
def test_other_tables_never_cut_a_value(cli, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "40")
    out = cli(*command).stdout
    assert "…" not in out
    if command[0] == "list":
        assert "hackney-0001\n  Role: ICT Help Desk Apprentice\n  Start: 2019-07-10\n" in out
    if command[0] == "boroughs":
        assert "barking-and-dagenham\n  Name: Barking and Dagenham\n  GSS code: E09000002\n" in out
