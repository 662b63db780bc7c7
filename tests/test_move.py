"""Moving a record to another borough: a new id there, the old one never reused, and a move stopped
between its two writes is reported by validate and finished by running it again."""

from __future__ import annotations

import json

from helpers import Cli, posix_only, start_paused


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


@posix_only
def test_a_move_stopped_between_its_writes_is_reported_and_finished_by_running_it_again(data_dir):
    proc = start_paused(data_dir, "replaced", "update", "hackney-0002", "--borough", "camden")
    proc.kill()  # after camden's file was replaced, before hackney's
    proc.wait()
    cli = Cli(data_dir)
    result = cli("validate", code=1)
    camden = data_dir / "apprentices" / "camden.yaml"
    assert f"{camden}:" in result.stdout and "hackney-0002 was moved here but is still in" in result.stdout
    assert "run `apprentrack update hackney-0002 --borough camden` again to finish it" in result.stdout
    assert "an interrupted move" in cli("status", code=1).stderr  # never counted twice
    cli("update", "hackney-0002", "--borough", "camden")
    assert ids(cli, "camden").count("camden-0008") == 1 and "camden-0009" not in ids(cli, "camden")
    assert "hackney-0002" not in ids(cli, "hackney")
    cli("validate")
