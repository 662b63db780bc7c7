"""A file's name is text from outside: whatever it holds (an escape sequence, a bell, a line break), every
message that names the file shows those characters as escapes, never raw to the terminal (issue 22)."""

from __future__ import annotations

import pytest
from helpers import Cli, copy_fixture, posix_only

from apprentrack.domain.escape import not_text

EVIL = "\x1b]0;owned\x07\x1b[2J\r"  # a terminal title, a bell, clear screen, a carriage return


def raw_controls(*texts: str) -> list[str]:
    """The characters a terminal would act on, line breaks aside."""
    return [c for text in texts for c in not_text().findall(text) if c != "\n"]


@posix_only  # such names are not allowed on Windows
def test_a_record_file_named_with_escapes_is_named_safely(cli, data_dir):
    (data_dir / "apprentices" / f"{EVIL}x.yaml").write_text("[]\n")
    result = cli("validate", code=1)
    assert "not read: '\\u001b]0;owned\\u0007" in result.stdout
    assert raw_controls(result.stdout, result.stderr) == []


@posix_only
def test_a_data_dir_named_with_escapes_is_named_safely(tmp_path):
    root = copy_fixture(tmp_path / f"data{EVIL}")
    cli = Cli(root)
    added = cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")
    assert added.stdout.startswith("Added hackney-0025 to ") and "\\u001b" in added.stdout
    updated = cli("update", "hackney-0025", "--status", "in_post")
    moved = cli("update", "hackney-0025", "--borough", "camden")
    removed = cli("remove", "camden-0008", "--reason", "entered by mistake", "--yes")
    missing = Cli(tmp_path / f"nowhere{EVIL}")("status", code=2)
    forms = cli("forms")  # not in a git repository: a note naming the folder the forms went in
    assert "Not in a git repository: the forms are in the programme folder" in forms.stderr
    outputs = [r.stdout + r.stderr for r in (added, updated, moved, removed, missing, forms)]
    assert raw_controls(*outputs) == []


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ("status", "-f", "json", "--output", f"{EVIL}.json"),  # written: "Wrote ..."
        ("status", "--output", f"no-such-folder{EVIL}/x.json"),  # refused: no folder
        ("import", f"{EVIL}.csv"),  # refused: no file
        ("add", "--from-issue-form", f"{EVIL}.md"),  # refused: cannot read
        ("status", "--format", "csv", "--output", f"{EVIL}.json"),  # refused: they disagree
    ],
)
def test_a_file_named_on_the_command_line_is_named_safely(cli, args):
    result = cli(*args, code=None)
    assert result.stdout + result.stderr and "\\u001b" in result.stdout + result.stderr
    assert raw_controls(result.stdout, result.stderr) == []


@posix_only
def test_a_cache_folder_named_with_escapes_is_named_safely(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("APPRENTRACK_CACHE_DIR", str(tmp_path / f"cache{EVIL}"))
    cli("status")
    shown, cleared = cli("cache"), cli("cache", "--clear")
    assert raw_controls(shown.stdout, shown.stderr, cleared.stdout, cleared.stderr) == []
