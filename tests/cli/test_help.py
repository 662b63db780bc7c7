"""Help a newcomer can follow: every command's help has examples as they are typed, a short description
that is never cut, arguments and values named in plain words, and the global --data-dir."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command

from apprentrack.cli import app

COMMANDS = sorted(get_command(app).commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_commands_help_has_examples_plain_names_and_the_data_dir(cli, monkeypatch, name):
    monkeypatch.setenv("COLUMNS", "80")
    out = cli(name, "--help").stdout
    examples = out.split("\nExamples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert examples and all(line.startswith(f"  apprentrack {name}") for line in examples), out
    assert "Global options:\n  --data-dir DIR" in out and "APPRENTRACK_DATA" in out
    assert not re.search(r"\{[A-Z]+\}|<(str|path|int|bool)>", out), out  # never {ID}, ID <str>, FILE <path>
    usage = out.splitlines()[0]
    assert re.fullmatch(rf"Usage: apprentrack {name} \[OPTIONS\]( \[?[A-Z]+\]?)*", usage), usage


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_the_list_of_commands_is_never_cut(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    out = cli("--help").stdout
    listed = out.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    assert "..." not in listed and "…" not in listed
    for name in COMMANDS:
        short = get_command(app).commands[name].short_help
        assert " ".join(listed.split()).count(short) == 1, (name, listed)


def test_add_help_shows_its_examples(cli):
    out = cli("add", "--help").stdout
    assert (
        "Examples:\n  apprentrack add\n"
        '  apprentrack add --borough hackney --role "Data analyst" --start-date 11/03/2020 --status in_post\n'
    ) in out
    assert "Usage: apprentrack remove [OPTIONS] [ID]" in cli("remove", "--help").stdout
    assert "Usage: apprentrack import [OPTIONS] FILE\n" in cli("import", "--help").stdout
    assert "\n  FILE  An Excel workbook" in cli("import", "--help").stdout
