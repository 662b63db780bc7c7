"""What people read about the commands agrees with the commands: every command has help and an example
in the README, the help names values by what they are, and the README shows the web-form intake."""

from __future__ import annotations

import re

from helpers import ROOT
from typer.main import get_command

from apprentrack.cli import app


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = get_command(app).commands
    assert set(commands) == {
        "status",
        "add",
        "update",
        "import",
        "list",
        "validate",
        "boroughs",
        "summary",
        "chart",
        "map",
        "forms",
        "init",
        "cache",
        "remove",
        "post",
        "site",
    }
    for name, command in commands.items():
        assert command.help, f"{name} has no help"
        assert f"apprentrack {name}" in readme, f"README has no example of {name}"
        examples = (command.epilog or "").splitlines()
        assert examples and all(e.startswith(f"apprentrack {name}") for e in examples), f"{name} has no example"
        assert f"| `apprentrack {name}` | {command.short_help} |" in readme, f"README's list of commands lacks {name}"
    for code in ("0", "1", "2", "3", "130"):
        assert re.search(rf"\|\s*{code}\s*\|", readme), f"exit code {code} is not documented in the README"


def test_help_shows_flags_without_a_type_and_values_by_name(cli):
    out = cli("--help").stdout + cli("add", "--help").stdout + cli("update", "--help").stdout
    assert "<bool>" not in out and "--version  " in out  # a flag takes no value
    assert "--start-date DATE" in out and "--ref REF" in out and "--level N" in out
    assert "apprentrack update [OPTIONS] [ID]" in out  # optional: --from-issue-form gives it


def test_the_readme_shows_the_intake():
    readme = (ROOT / "README.md").read_text()
    assert "apprentrack add --from-issue-form" in readme and ".github/CODEOWNERS" in readme
