"""One error style and one exit-code rule: Click's usage errors (a missing option or argument, an unknown
option or command) in the tool's own words, naming the option and what would be right, then where the
help is; the same mistake gets the same exit code in every command: a value wrong in itself 2, data
refused by the records' rules 1."""

from __future__ import annotations

import pytest
from helpers import Cli, new_programme, snapshot_tree

CLICK_WORDS = ("Usage:", "Try '", "Missing option", "Missing argument", "No such option", "No such command")

USAGE_ERRORS = [
    (("remove",), "Error: ID, --reason: missing; for example: apprentrack remove hackney-0025", "remove"),
    (("remove", "hackney-0002"), "Error: --reason: missing; for example: apprentrack remove", "remove"),
    (("import",), "Error: FILE: missing; give FILE (an Excel workbook (.xlsx), a CSV", "import"),
    (("init", "x", "--target", "5", "--deadline", "2030-01-01"), "Error: --name: missing; give --name TEXT", "init"),
    (("status", "--as-o"), "Error: --as-o: no such option; did you mean --as-of?", "status"),
    (("status", "--bogus"), "Error: --bogus: no such option; the options here: --as-of, --by", "status"),
    (("status", "-f"), "Error: -f: needs a value; give --format [table|json|csv|markdown|xlsx]", "status"),
    (("stauts",), "Error: 'stauts' is not a command; did you mean status? the commands: add, boroughs", None),
    (("--bogus",), "Error: --bogus: no such option; the options here: --data-dir", None),
    (
        ("add", "--role", "Data", "Analyst"),
        "Error: 'Analyst': not expected here; a value with spaces needs quotes",
        "add",
    ),
    (
        ("add", "--borough", "Hackny"),
        "Error: --borough: no London borough matches 'Hackny'; did you mean Hackney?",
        "add",
    ),
    (
        ("update", "hackney-0002", "--status", "withdrawn"),
        "Error: --end-date: missing; for example: apprentrack update hackney-0002 --status withdrawn --end-date",
        "update",
    ),
]


@pytest.mark.parametrize(
    "args, message, command", USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else None
)
def test_usage_errors_take_the_tools_style(cli, data_dir, args, message, command):
    before = snapshot_tree(data_dir)
    result = cli(*args, code=2)
    lines = result.stderr.splitlines()
    assert lines[0].startswith(message), result.stderr
    assert lines[-1] == f"See 'apprentrack{f' {command}' if command else ''} --help'."
    assert not any(word in result.stderr for word in CLICK_WORDS), result.stderr
    assert snapshot_tree(data_dir) == before


def test_init_with_no_member_is_refused(tmp_path):
    root = tmp_path / "fresh"
    result = Cli(root)(
        "init", str(root), "--name", "X", "--target", "5", "--deadline", "2030-01-01", "--members", "", code=2
    )
    assert result.stderr.splitlines() == [
        "Error: --members: no council named: give names, slugs or codes separated by commas, or leave --members "
        "out for London's 33",
        "Nothing was written.",
        "See 'apprentrack init --help'.",
    ]
    assert not root.exists()
    assert (
        "--members: no council named"
        in Cli(root)(
            "init", str(root), "--name", "X", "--target", "5", "--deadline", "2030-01-01", "--members", " , ", code=2
        ).stderr
    )


# The same mistake, given to each command that takes it: one exit code.
WRONG_IN_ITSELF = [
    ("a borough typo", ("add", "-b", "Hackny", "--role", "Dev", "--start-date", "2020-03-02")),
    ("a borough typo", ("list", "-b", "Hackny")),
    ("a borough typo", ("update", "hackney-0002", "--borough", "Hackny")),
    (
        "a borough typo",
        ("init", "{new}", "--name", "X", "--target", "5", "--deadline", "2030-01-01", "--members", "Hackny"),
    ),
    ("not a date", ("add", "-b", "hackney", "--role", "Dev", "--start-date", "31/02/2020")),
    ("not a date", ("update", "hackney-0002", "--start-date", "31/02/2020")),
    ("not a date", ("list", "--since", "31/02/2020")),
    ("not a date", ("init", "{new}", "--name", "X", "--target", "5", "--deadline", "31/02/2030")),
    ("a future date where none may be", ("status", "--as-of", "2150-01-01")),
    ("a future date where none may be", ("add", "-b", "hackney", "--role", "Dev", "--start-date", "2150-01-01")),
    (
        "a future date where none may be",
        ("update", "hackney-0002", "--status", "completed", "--end-date", "2150-01-01"),
    ),
    ("a future date where none may be", ("update", "hackney-0002", "--start-date", "2150-01-01")),
    ("personal data", ("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--ref", "jo@x.org")),
    ("personal data", ("update", "hackney-0002", "--ref", "jo@x.org")),
    ("personal data", ("remove", "hackney-0002", "--reason", "jo@x.org left", "--yes")),
]


@pytest.mark.parametrize("mistake, args", WRONG_IN_ITSELF, ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_a_value_wrong_in_itself_is_a_usage_error_everywhere(cli, data_dir, tmp_path, mistake, args):
    before = snapshot_tree(data_dir)
    args = tuple(str(tmp_path / "new") if a == "{new}" else a for a in args)
    result = cli(*args, code=2)
    assert result.stderr.startswith("Error: --") and result.stderr.endswith("--help'.\n"), result.stderr
    assert SAID[mistake] in result.stderr.splitlines()[0], result.stderr
    assert snapshot_tree(data_dir) == before and not (tmp_path / "new").exists()


# What each mistake's message says, whichever command met it.
SAID = {
    "a borough typo": "matches 'Hackny'; did you mean Hackney?",
    "not a date": "'31/02/20",  # the value as given, then why
    "a future date where none may be": "2150-01-01 is in the future",
    "personal data": "records hold no personal data",
    "a ref already used": ": 'APP-XYLWT' is already the ref of hackney-0002 in ",
    "no such record": "Error: no record 'hackney-0099' in ",
    "a status that cannot go back": "--status: hackney-0002: a record cannot go back from 'in_post' to 'recruited'",
    "an end before the start": "--end-date: end_date 2019-01-01 is before start_date 2019-08-26",
}


REFUSED_BY_THE_RULES = [
    (
        "a ref already used",
        ("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--ref", "APP-XYLWT"),
    ),
    ("a ref already used", ("update", "hackney-0003", "--ref", "APP-XYLWT")),
    ("no such record", ("update", "hackney-0099", "--status", "in_post")),
    ("no such record", ("remove", "hackney-0099", "--reason", "Mistake", "--yes")),
    ("a status that cannot go back", ("update", "hackney-0002", "--status", "recruited")),
    ("an end before the start", ("update", "hackney-0003", "--end-date", "2019-01-01")),
]


@pytest.mark.parametrize("mistake, args", REFUSED_BY_THE_RULES, ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_data_refused_by_the_rules_exits_1(cli, data_dir, mistake, args):
    before = snapshot_tree(data_dir)
    result = cli(*args, code=1)
    assert result.stderr.startswith("Error: ") and "See 'apprentrack" not in result.stderr
    assert SAID[mistake] in result.stderr.splitlines()[0], result.stderr
    assert snapshot_tree(data_dir) == before


def test_a_file_with_problems_exits_1_in_every_command(cli, data_dir):
    path = data_dir / "apprentices" / "lambeth.yaml"
    path.write_text(path.read_text() + "- id: lambeth-0099\n  role: Dev\n")
    for args in (
        ("status",),
        ("list",),
        ("validate",),
        ("add", "-b", "lambeth", "--role", "Dev", "--start-date", "2020-03-02"),
    ):
        assert "start_date: required, but missing" in cli(*args, code=1).stdout + cli(*args, code=1).stderr


def test_a_new_programme_members_by_any_spelling(tmp_path):
    fresh = new_programme(tmp_path, "Hackney, camden ,E09000033")
    assert {
        r["slug"] for r in __import__("json").loads(fresh("boroughs", "-f", "json").stdout) if r["member_since"]
    } == {
        "hackney",
        "camden",
        "westminster",
    }
