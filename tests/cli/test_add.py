"""`apprentrack add`: a record from options (or prompts, at a terminal), written to the borough's file
keeping every byte people wrote; the totals it prints; --dry-run; values that cannot be understood (exit 2)
and records that break the rules (exit 1), with nothing written. (The rules: core/test_record.py.)"""

import json

import pytest
import yaml
from helpers import snapshot_tree

ADD = ("add", "--role", "Data analyst", "--start-date", "2020-03-02")


def counted(cli, as_of="2020-03-11"):
    return json.loads(cli("status", "--as-of", as_of, "-f", "json").stdout)["counted"]


def test_add_then_status_counts_one_more(cli, data_dir):
    before = counted(cli)
    result = cli(*ADD, "--borough", "hackney", "--level", "4", "--ref", "HR-77")
    assert result.stdout.startswith(f"Added hackney-0025 to {data_dir / 'apprentices' / 'hackney.yaml'}\n")
    today = __import__("apprentrack.domain.dates").domain.dates.today().isoformat()
    assert f"Hackney now counts 25; the programme counts 117 of 100 as of {today}.\n" in result.stdout
    assert counted(cli) == before + 1
    records = yaml.safe_load((data_dir / "apprentices" / "hackney.yaml").read_text())
    assert records[-1] == {
        "id": "hackney-0025",
        "role": "Data analyst",
        "level": 4,
        "start_date": __import__("datetime").date(2020, 3, 2),
        "status": "recruited",
        "ref": "HR-77",
        "logged": __import__("apprentrack.domain.dates").domain.dates.today(),  # the day it was logged: London's today
    }
    cli("validate")


def test_the_write_keeps_comments_and_hand_edits_byte_for_byte(cli, data_dir):
    path = data_dir / "apprentices" / "camden.yaml"
    original = path.read_bytes() + b"# a note someone left at the end, no newline"
    path.write_bytes(original)
    cli(*ADD, "--borough", "camden")
    new = path.read_bytes()
    assert new.startswith(original + b"\n- id: camden-")
    assert b"status: recruited\n  logged: " in new and new.endswith(b"\n")


def test_windows_file_with_bom_and_crlf_stays_consistent(cli, data_dir):
    path = data_dir / "apprentices" / "brent.yaml"
    original = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    cli("validate")
    cli(*ADD, "--borough", "brent")
    new = path.read_bytes()
    assert new.startswith(original)
    assert b"\n" not in new.replace(b"\r\n", b"")  # every line ending is still CRLF
    cli("validate")


def test_first_record_of_a_borough_creates_its_file_with_a_header(cli, data_dir):
    path = data_dir / "apprentices" / "sutton.yaml"
    assert not path.exists()
    result = cli(*ADD, "--borough", "Sutton")
    assert "Sutton is not a member: shown apart, not counted" in result.stdout
    text = path.read_text()
    assert text.startswith("# Apprentices of Sutton (E09000029)")
    assert yaml.safe_load(text)[0]["id"] == "sutton-0001"


@pytest.mark.parametrize(
    "spelling, slug",
    [("Kensington & Chelsea", "kensington-and-chelsea"), ("E09000012", "hackney"), ("Hackney Council", "hackney")],
)
def test_boroughs_by_any_common_spelling(cli, spelling, slug):
    """Every spelling the registry knows (core/test_registry.py) is one --borough takes."""
    result = cli(*ADD, "--borough", spelling, "--dry-run")
    assert result.stdout.startswith(f"- id: {slug}-")


def test_wrong_borough_suggests_the_nearest_and_changes_nothing(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli(*ADD, "--borough", "Hakney", code=2)
    assert "--borough: no London borough matches 'Hakney'; did you mean Hackney or Haringey?" in result.stderr
    result = cli(*ADD, "--borough", "Tower", code=2)
    assert "did you mean Tower Hamlets?" in result.stderr
    assert snapshot_tree(data_dir) == before


def test_missing_options_are_named_when_not_in_a_terminal(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli("add", "--role", "Dev", code=2)
    assert "Error: --borough, --start-date: missing; for example: apprentrack add --borough hackney" in result.stderr
    assert "See 'apprentrack add --help'." in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (("--start-date", "2020-02-30"), "--start-date: '2020-02-30' is not a real date"),
        (("--start-date", "03/25/2020"), "looks like a US month/day date; dates here are day first: 25/03/2020"),
        (("--start-date", "11/03/20"), "two-digit year; write it in full: 11/03/2020"),
        (("--start-date", "2020-03-01", "--level", "9"), "--level: '9' is not a level: write a number from 2 to 7"),
        (("--start-date", "2020-03-01", "--status", "hired"), "--status: 'hired' is not a status; write pledged,"),
        (("--start-date", "2020-03-01", "--status", "completed"), "--end-date: missing; for example: apprentrack add"),
        # Values wrong in themselves, by the records' own checks: usage errors too (one exit-code rule).
        (("--start-date", "2150-01-01"), "--start-date: 2150-01-01 is in the future"),
        (
            ("--start-date", "2020-03-01", "--ref", "a\x1b[31mb"),
            "--ref: contains a control or invisible character (U+001B)",
        ),
        (
            ("--start-date", "2020-03-01", "--status", "completed", "--end-date", "2150-01-01"),
            "--end-date: 2150-01-01 is in the future; a completed or withdrawn record ends on a day that has passed",
        ),
        (("--start-date", "2020-03-01", "--role", " "), "--role: must not be empty"),
    ],
)
def test_values_that_cannot_be_understood_are_usage_errors(cli, data_dir, args, message):
    before = snapshot_tree(data_dir)
    result = cli("add", "--borough", "hackney", "--role", "Dev", *args, code=2)
    assert message in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("--start-date", "2020-03-01", "--status", "withdrawn", "--end-date", "01/02/2020"),
            "--end-date: end_date 2020-02-01 is before start_date 2020-03-01",
        ),
        (
            ("--start-date", "2020-03-01", "--end-date", "2020-04-01"),
            "only completed or withdrawn records have an end_date",
        ),
    ],
)
def test_records_breaking_the_rules_are_refused_with_exit_1(cli, data_dir, args, message):
    before = snapshot_tree(data_dir)
    result = cli("add", "--borough", "hackney", "--role", "Dev", *args, code=1)
    assert message in result.stderr
    assert "Nothing was written." in result.stderr
    assert snapshot_tree(data_dir) == before


def test_a_pledged_place_may_name_an_expected_start(cli):
    result = cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2150-01-04", "--status", "pledged")
    assert "Added hackney-0025" in result.stdout


def test_dry_run_shows_the_yaml_and_writes_nothing(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli(*ADD, "--borough", "islington", "--dry-run")
    assert "dry run: nothing written" in result.stderr
    assert result.stdout.startswith("- id: islington-")
    assert "  role: Data analyst\n  start_date: 2020-03-02\n  status: recruited\n" in result.stdout
    assert snapshot_tree(data_dir) == before


def test_refuses_to_add_to_a_file_with_problems(cli, data_dir):
    path = data_dir / "apprentices" / "lambeth.yaml"
    path.write_text(path.read_text() + "- id: lambeth-0099\n  role: Dev\n")
    before = snapshot_tree(data_dir)
    result = cli(*ADD, "--borough", "lambeth", code=1)
    assert f"{path}:" in result.stderr and "start_date: required, but missing" in result.stderr
    assert snapshot_tree(data_dir) == before


def test_refuses_a_flow_style_file_it_cannot_append_to(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("[]\n")
    result = cli(*ADD, "--borough", "merton", code=1)
    assert "write its list in block style" in result.stderr
    assert path.read_text() == "[]\n"


def test_prompts_for_what_is_missing_and_retries_bad_answers(cli, data_dir):
    answers = "Hakney\nhackney\n31/02/2020\n02/03/2020\n" + "\n" * 5  # status, standard, level, ref: Enter; yes
    result = cli("add", "--interactive", "--role", "Dev", input=answers)
    assert "did you mean Hackney or Haringey?" in result.stderr
    assert "is not a real date" in result.stderr
    assert "Added hackney-0025" in result.stdout
    records = yaml.safe_load((data_dir / "apprentices" / "hackney.yaml").read_text())
    assert str(records[-1]["start_date"]) == "2020-03-02"


def test_interrupt_at_a_prompt_exits_130_and_writes_nothing(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli("add", "--interactive", input="hackney\n", code=130)  # input ends at the role prompt
    assert "Interrupted: nothing was written." in result.stderr
    assert snapshot_tree(data_dir) == before


def test_prompts_for_every_value_the_record_needs_and_asks_again_after_any_bad_answer(cli, data_dir):
    answers = [
        "hackney",
        "jo@hackney.gov.uk",  # a role that is personal data: asked again
        "Software Developer",
        "01/01/2150",  # a start in the future: asked again
        "02/03/2020",
        "01/02/2020",  # an end before the start: asked again
        "30/09/2020",
        *("", "", ""),  # no standard, level or ref
        "y",
    ]
    result = cli("add", "--interactive", "--status", "completed", input="\n".join(answers) + "\n")
    assert "role: looks like an e-mail address" not in result.stderr  # the message names no option here
    assert "  looks like an e-mail address; records hold no personal data" in result.stderr
    assert "  2150-01-01 is in the future" in result.stderr
    assert "  end_date 2020-02-01 is before start_date 2020-03-02" in result.stderr
    assert "Last day (YYYY-MM-DD or DD/MM/YYYY):" in result.stderr
    (record,) = [r for r in yaml.safe_load((data_dir / "apprentices" / "hackney.yaml").read_text())[-1:]]
    assert (record["role"], str(record["start_date"]), record["status"], str(record["end_date"])) == (
        "Software Developer",
        "2020-03-02",
        "completed",
        "2020-09-30",
    )


def test_piped_answers_leave_only_the_output_on_stdout(cli):
    result = cli("add", "--interactive", "--status", "in post", input="hackney\nDev\n02/03/2020\n\n\n\n\n")
    assert result.stdout.startswith("Added hackney-0025 to ")  # no prompt, no stray space
    assert result.stdout.count("\n") == 2


# --- standards: a warning, never an error (the list: core/test_standards.py) ------------------------


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
