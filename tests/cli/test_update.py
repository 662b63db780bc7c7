"""`apprentrack update`: values changed in place, keeping every other byte (comments, flow style, CRLF);
a status moves forward only; --dry-run; a record moved to another borough with --borough gets a new id
there and its old one is never reused. (A move stopped between its writes: guarantees/test_nothing_lost.py;
the rules of a move of status: core/test_record.py.)"""

from __future__ import annotations

import json

import pytest
from helpers import snapshot_tree


def ids(cli, borough: str) -> list[str]:
    return [r["id"] for r in json.loads(cli("list", "-b", borough, "-f", "json").stdout)]


def test_update_borough_moves_the_record(cli, data_dir):
    before = json.loads(cli("list", "-b", "hackney", "-f", "json").stdout)[1]
    result = cli("update", "hackney-0002", "--borough", "Camden Council")
    assert result.stdout.startswith("Moved hackney-0002 to Camden as camden-0008 (")
    moved = next(r for r in json.loads(cli("list", "-b", "camden", "-f", "json").stdout) if r["id"] == "camden-0008")
    assert {k: v for k, v in moved.items() if k not in ("id", "borough")} == {
        k: v for k, v in before.items() if k not in ("id", "borough")
    }
    assert "hackney-0002" not in ids(cli, "hackney")
    text = (data_dir / "apprentices" / "hackney.yaml").read_text()
    assert "# removed: hackney-0002 (moved to camden-0008)\n" in text
    assert cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-09-01").stdout.startswith(
        "Added hackney-0025"
    )
    assert "OK: no problems (20 files, 127 valid records)" in cli("validate").stdout


def test_a_move_needs_another_borough_and_nothing_else(cli):
    assert "already in Hackney" in cli("update", "hackney-0002", "--borough", "hackney", code=2).stderr
    refused = cli("update", "hackney-0002", "--borough", "camden", "--level", "5", code=2)
    assert "--borough moves a record as it is" in refused.stderr


def test_update_changes_values_in_place_and_keeps_everything_else(cli, data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    path.write_text(
        path.read_text().replace(
            "  status: in_post\n  ref: APP-XYLWT", "  status: in_post  # since Sept\n  ref: APP-XYLWT"
        )
    )
    before = path.read_text()
    result = cli("update", "hackney-0002", "--status", "completed", "--end-date", "14/09/2020", "--level", "5")
    assert f"Updated hackney-0002 in {path}:" in result.stderr
    assert result.stdout.startswith("- id: hackney-0002\n")
    after = path.read_text()
    expected = before.replace(
        "  level: 4\n  start_date: 2019-08-01\n  status: in_post  # since Sept\n",
        "  level: 5\n  start_date: 2019-08-01\n  status: completed  # since Sept\n  end_date: 2020-09-14\n",
        1,
    )
    assert after == expected  # only those values changed; the comment and everything else are as they were
    cli("validate")


def test_update_a_flow_style_record_and_a_crlf_file(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_bytes(b"# hand-written\r\n- {id: merton-0001, role: Dev, start_date: 2020-01-06}\r\n")
    cli("update", "merton-0001", "--status", "withdrawn", "--end-date", "2020-02-01", "--ref", "A, B")
    assert path.read_bytes() == (
        b"# hand-written\r\n- {id: merton-0001, role: Dev, start_date: 2020-01-06, status: withdrawn, "
        b"end_date: 2020-02-01, ref: 'A, B'}\r\n"
    )
    cli("validate")


@pytest.mark.parametrize(
    "record, args, message",
    [
        (
            "hackney-0003",
            ("--status", "pledged"),
            "--status: hackney-0003: 'completed' is final: the record cannot become 'pledged'",
        ),
        (
            "hackney-0002",
            ("--status", "recruited"),
            "--status: hackney-0002: a record cannot go back from 'in_post' to 'recruited'",
        ),
        (
            "hackney-0003",
            ("--end-date", "2019-01-01"),
            "--end-date: end_date 2019-01-01 is before start_date 2019-08-26",
        ),
        ("hackney-0002", ("--end-date", "2020-01-01"), "only completed or withdrawn records have an end_date"),
    ],
)
def test_update_refuses_transitions_that_make_no_sense(cli, data_dir, record, args, message):
    before = snapshot_tree(data_dir)
    result = cli("update", record, *args, code=1)
    assert message in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("hackney-0099", "--status", "in_post"), 1, "no record 'hackney-0099' in"),
        (("narnia-0001", "--status", "in_post"), 2, "ID: 'narnia-0001' is not a record id"),
        (("hackney-0002",), 2, "nothing to change"),
        (("hackney-0002", "--status", "completed"), 2, "--end-date: missing; for example: apprentrack update"),
    ],
)
def test_update_names_what_is_wrong(cli, data_dir, args, code, message):
    before = snapshot_tree(data_dir)
    assert message in cli("update", *args, code=code).stderr
    assert snapshot_tree(data_dir) == before


def test_update_dry_run_and_no_change(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli("update", "hackney-0002", "--status", "completed", "--end-date", "2020-09-14", "--dry-run")
    assert "dry run: nothing written" in result.stderr and "  end_date: 2020-09-14\n" in result.stdout
    assert "No change: hackney-0002 already has these values." in cli("update", "hackney-0002", "--level", "4").stderr
    assert snapshot_tree(data_dir) == before


def test_a_filled_pledge_moves_into_the_count(cli):
    status = json.loads(cli("status", "--as-of", "2020-09-25", "-f", "json").stdout)
    cli("update", "camden-0006", "--status", "recruited")  # pledged for 2020-09-21
    after = json.loads(cli("status", "--as-of", "2020-09-25", "-f", "json").stdout)
    assert (after["counted"], after["pipeline"]) == (status["counted"] + 1, status["pipeline"] - 1)
