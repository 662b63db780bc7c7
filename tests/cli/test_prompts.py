"""Prompts that ask for everything and confirm: at a terminal (and with --interactive) add asks for every
value not given and the status, offers the optional ones, shows the record and asks before writing it;
update asks for what the new status needs; remove asks for the id and the reason; an empty or wrong
answer is asked again with the choices; prompts wrap on word boundaries. Without a terminal nothing is
asked. Driven through CliRunner's input, and once through a real pseudo-terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys

import pytest
import yaml
from helpers import posix_only, snapshot_tree

MEMBERS = (
    "Barking and Dagenham",
    "Brent",
    "Camden",
    "Ealing",
    "Greenwich",
    "Hackney",
    "Haringey",
    "Islington",
    "Kensington and Chelsea",
    "Lambeth",
    "Lewisham",
    "Southwark",
    "Tower Hamlets",
    "Waltham Forest",
    "Westminster",
)


@pytest.fixture(autouse=True)
def _wide(monkeypatch):
    """A wide terminal, so that messages are asserted whole (test_prompts_wrap_on_word_boundaries narrows it)."""
    monkeypatch.setenv("COLUMNS", "250")


def last_record(data_dir, slug="hackney"):
    return yaml.safe_load((data_dir / "apprentices" / f"{slug}.yaml").read_text())[-1]


def test_add_asks_for_the_status_offers_the_rest_and_confirms(cli, data_dir):
    answers = ["hackney", "Data Analyst", "11/03/2020", "", "", "Level 4", "HR-0101", ""]
    result = cli("add", "--interactive", input="\n".join(answers) + "\n")
    err = result.stderr
    assert "Status [in_post]:" in err  # the start has passed: in post by default
    assert "Apprenticeship standard, e.g. Software developer (Enter to skip):" in err
    assert "Level, 2 to 7 (Enter to skip):" in err
    shown = err[err.index("To be added to ") :]
    assert "  - id: hackney-0025\n    role: Data Analyst\n    level: 4\n    start_date: 2020-03-11\n" in shown
    assert "    status: in_post\n    ref: HR-0101\n" in shown and "Add it? [Y/n]:" in shown
    assert result.stdout.startswith("Added hackney-0025 to ")
    record = last_record(data_dir)
    assert (record["status"], record["level"], record["ref"], "standard" in record) == ("in_post", 4, "HR-0101", False)


def test_a_start_to_come_defaults_to_recruited(cli, data_dir):
    from datetime import timedelta

    from apprentrack.domain.dates import today

    next_month = today() + timedelta(days=30)  # an offer accepted for a start next month: recruited
    args = ("add", "--interactive", "-b", "hackney", "--role", "Dev", "--start-date", next_month.isoformat())
    result = cli(*args, input="\n\n\n\n\n")
    assert "Status [recruited]:" in result.stderr
    assert last_record(data_dir)["status"] == "recruited" and last_record(data_dir)["start_date"] == next_month
    too_far = ("add", "--interactive", "-b", "hackney", "--role", "Dev", "--start-date", "2150-01-04")
    result = cli(*too_far, input="\npledged\n\n\n\n\n")  # more than a year ahead: asked again, pledged
    assert "  2150-01-04 is in the future, more than a year ahead; a recruited hire starts by" in result.stderr
    assert last_record(data_dir)["status"] == "pledged"


def test_saying_no_at_the_confirmation_writes_nothing(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli(
        "add",
        "--interactive",
        "-b",
        "hackney",
        "--role",
        "Dev",
        "--start-date",
        "2020-03-02",
        input="\n" * 4 + "n\n",
        code=1,
    )
    assert "Add it? [Y/n]:" in result.stderr and "Not added: nothing was written." in result.stderr
    assert snapshot_tree(data_dir) == before


def test_an_empty_or_wrong_answer_is_asked_again_with_the_choices(cli, data_dir):
    answers = ["", "Hakney", "Hackney", "Dev", "02/03/2020", "hired", "in post", "", "9", "", "", ""]
    result = cli("add", "--interactive", input="\n".join(answers) + "\n")
    err = result.stderr
    assert "no London borough matches ''" not in err
    assert "  an answer is needed; one of the member boroughs: Barking and Dagenham" in err
    assert "  no London borough matches 'Hakney'; did you mean Hackney or Haringey?" in err
    assert "  'hired' is not a status; write pledged, recruited" in err
    assert "  the statuses: pledged (a place promised), recruited (offer accepted, not started)" in err
    assert "  '9' is not a level: write a number from 2 to 7" in err
    assert last_record(data_dir)["status"] == "in_post" and "level" not in last_record(data_dir)


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_prompts_wrap_on_word_boundaries(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli("add", "--interactive", input="hackney\n", code=130)  # ends at the role prompt
    lines = result.stderr.splitlines()
    listed = lines[: next(i for i, line in enumerate(lines) if line.startswith("Borough ("))]
    assert all(len(line) < columns for line in listed), listed
    for name in MEMBERS:  # every name whole on one line: never "Islingto / n" or "Tow / er Hamlets"
        assert any(name in line for line in listed), (name, listed)


def test_update_to_withdrawn_asks_for_the_end_date(cli, data_dir):
    result = cli("update", "hackney-0002", "--status", "withdrawn", "--interactive", input="31/02/2020\n31/07/2020\n")
    assert "Last day (YYYY-MM-DD or DD/MM/YYYY):" in result.stderr
    assert "  '31/02/2020' is not a real date" in result.stderr
    assert "  status: withdrawn\n  end_date: 2020-07-31\n" in result.stdout
    refused = cli("update", "hackney-0004", "--status", "completed", code=2)  # not at a terminal: nothing asked
    assert refused.stderr.startswith("Error: --end-date: missing; for example: apprentrack update hackney-0004")
    assert "Last day" not in refused.stderr


def test_update_at_a_terminal_asks_for_the_id_and_the_new_status(cli, data_dir):
    result = cli("update", "--interactive", input="hackney\nhackney-0002\nrecruited\nwithdrawn\n30/06/2020\n")
    err = result.stderr
    assert "  'hackney' is not a record id" in err
    assert "New status (now in_post):" in err and "  a record cannot go back from 'in_post' to 'recruited'" in err
    assert "  status: withdrawn\n  end_date: 2020-06-30\n" in result.stdout


def test_update_of_a_final_record_at_a_terminal_says_its_status_cannot_change_and_asks_nothing(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli("update", "hackney-0001", "--interactive", input="in_post\n", code=2)  # hackney-0001 completed
    assert "New status" not in result.stderr
    assert "Error: hackney-0001 is 'completed', which is final: its status cannot change; to correct it, give " in (
        result.stderr
    )
    assert snapshot_tree(data_dir) == before


def test_remove_with_nothing_given_asks_for_the_id_and_the_reason(cli, data_dir):
    result = cli("remove", "--interactive", input="hackney-0002\n\nEntered twice by mistake\ny\n")
    err = result.stderr
    assert "Record id (e.g. hackney-0007):" in err and "Why remove it (the reason):" in err
    assert "  an answer is needed" in err and "Remove hackney-0002? [y/N]:" in err
    assert result.stdout.endswith("Suggested commit message: Remove hackney-0002: Entered twice by mistake\n")


def test_without_a_terminal_nothing_is_asked(cli, data_dir):
    before = snapshot_tree(data_dir)
    for args in (("add",), ("remove",), ("update",), ("remove", "hackney-0002")):
        result = cli(*args, input="hackney\n", code=2)
        assert result.stderr.startswith("Error: ") and ": missing; for example: apprentrack" in result.stderr
        assert "Borough (" not in result.stderr and "Record id" not in result.stderr
    assert snapshot_tree(data_dir) == before


@posix_only
@pytest.mark.slow
def test_a_real_terminal_asks_and_confirms(data_dir):
    """apprentrack run in a pseudo-terminal, as a person at a console runs it: each answer is typed once
    its question is on the screen (no timing: read until the question, then answer)."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "add"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "72"},
        close_fds=True,
    )
    os.close(follower)
    screen = b""

    def read() -> bytes:
        """What the process wrote next; b'' once it has closed the terminal. The wait is bounded only so
        that a process stuck at another question fails the test rather than hanging it: no answer is
        ever sent on a timer."""
        ready, _, _ = select.select([leader], [], [], 120)
        assert ready, f"stuck; the screen:\n{screen.decode(errors='replace')}"
        try:
            return os.read(leader, 4096)
        except OSError:  # EIO: the process has closed the terminal
            return b""

    def answer(question: str, reply: str) -> None:
        nonlocal screen
        while question.encode() not in screen:
            chunk = read()
            assert chunk, f"never asked {question!r}; the screen:\n{screen.decode(errors='replace')}"
            screen += chunk
        screen = screen[screen.index(question.encode()) + len(question) :]
        os.write(leader, reply.encode() + b"\r")

    try:
        answer("Borough (name, slug or GSS code):", "")
        answer("an answer is needed", "")  # the choices again, then the question again
        answer("Borough (name, slug or GSS code):", "Hackney")
        answer("Role (e.g. Software Developer, Data Analyst):", "Data Analyst")
        answer("Start date (YYYY-MM-DD or DD/MM/YYYY):", "11/03/2020")
        answer("Status [in_post]:", "")
        answer("(Enter to skip):", "")
        answer("(Enter to skip):", "4")
        answer("(Enter to skip):", "")
        answer("Add it? [Y/n]:", "y")
        rest = b""
        while chunk := read():
            rest += chunk
        assert proc.wait() == 0
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
    assert b"Added hackney-0025 to " in rest
    record = last_record(data_dir)
    assert (record["status"], record["level"], str(record["start_date"])) == ("in_post", 4, "2020-03-11")


def test_a_form_is_never_asked_and_speaks_in_its_own_words(cli, data_dir, tmp_path):
    form = tmp_path / "form.md"
    form.write_text("### Record id\n\nhackney-0002\n\n### New status\n\nwithdrawn\n\n### End date\n\n_No response_\n")
    before = snapshot_tree(data_dir)
    result = cli("update", "--from-issue-form", str(form), "--interactive", input="31/07/2020\n", code=1)
    assert result.stderr == "Error: End date: a 'withdrawn' record needs an end_date\nNothing was written.\n"
    assert snapshot_tree(data_dir) == before
