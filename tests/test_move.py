"""Moving a record to another borough: a new id there, the old one never reused, and a move stopped
between its two writes is reported by validate and finished by running it again."""

from __future__ import annotations

import json

import pytest
from helpers import Cli, posix_only, snapshot_tree, start_paused


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


# --- moves and updates that race (issue 22) ---------------------------------------------------------
#
# A move is one change: it holds both files' locks from reading the record to cutting it, so any other
# write of the record waits for it, then sees the record moved. Each race is made certain with a pause
# point: the move stopped where it would have read the record already (just before it takes its first
# lock), while another command runs to the end; then the move goes on.


CAMDEN_BEFORE = 7  # camden-0001..0007 in the frozen fixture


def released(proc) -> tuple[int, str]:
    """Let a paused process go on; its exit code and stderr."""
    _, err = proc.communicate(b"go")
    return proc.returncode, err.decode()


def record(cli, record_id: str) -> dict | None:
    return next((r for r in json.loads(cli("list", "-f", "json").stdout) if r["id"] == record_id), None)


def one_copy_and_valid(cli, old_id: str = "hackney-0002", moved_to: str = "camden-0008") -> None:
    """One record where the move put it, none left behind, validate passing, the count unchanged."""
    assert old_id not in ids(cli, "hackney")
    assert sorted(ids(cli, "camden")) == [f"camden-{n:04d}" for n in range(1, CAMDEN_BEFORE + 1)] + [moved_to]
    assert "OK: no problems (20 files, 126 valid records)" in cli("validate").stdout
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"] == 73


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("old_id", ["hackney-0002", "hackney-0004"], ids=["with a ref", "without one"])
def test_two_moves_of_one_record_at_once_leave_one_record(data_dir, old_id):
    cli = Cli(data_dir)
    first = start_paused(data_dir, "lock-wanted", "update", old_id, "--borough", "camden")
    cli("update", old_id, "--borough", "camden")  # the second move runs to the end meanwhile
    code, err = released(first)
    assert code == 1 and f"{old_id} was moved to camden-0008" in err and "Traceback" not in err
    one_copy_and_valid(cli, old_id)


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize(
    "other, after",
    [
        (("update", "hackney-0002", "--role", "Senior Network Engineer"), {"role": "Senior Network Engineer"}),
        (
            ("update", "hackney-0002", "--status", "completed", "--end-date", "2020-09-30"),
            {"status": "completed", "end_date": "2020-09-30"},
        ),
    ],
    ids=["role", "status"],
)
def test_an_update_while_a_move_runs_is_never_lost(data_dir, other, after):
    cli = Cli(data_dir)
    move = start_paused(data_dir, "lock-wanted", "update", "hackney-0002", "--borough", "camden")
    assert "Updated hackney-0002" in cli(*other).stderr
    code, err = released(move)
    assert code == 0, err
    moved = record(cli, "camden-0008")
    assert moved is not None and {k: moved[k] for k in after} == after  # the update moved with it
    one_copy_and_valid(cli)


@pytest.mark.slow
@posix_only
def test_an_import_update_while_a_move_runs_is_never_lost(data_dir, tmp_path):
    cli = Cli(data_dir)
    sheet = tmp_path / "hackney.csv"
    sheet.write_text("id,borough,role,start_date,status,end_date\n"
                     "hackney-0002,hackney,Network Engineer,2019-08-01,completed,2020-09-30\n")  # fmt: skip
    move = start_paused(data_dir, "lock-wanted", "update", "hackney-0002", "--borough", "camden")
    assert "applied" in cli("import", str(sheet), "--update").stdout
    code, err = released(move)
    assert code == 0, err
    assert record(cli, "camden-0008")["status"] == "completed"
    one_copy_and_valid(cli)


@pytest.mark.slow
@posix_only
def test_a_record_removed_while_a_move_runs_is_not_brought_back(data_dir):
    cli = Cli(data_dir)
    camden = (data_dir / "apprentices" / "camden.yaml").read_bytes()
    move = start_paused(data_dir, "lock-wanted", "update", "hackney-0002", "--borough", "camden")
    cli("remove", "hackney-0002", "--reason", "entered by mistake", "--yes")
    code, err = released(move)
    assert code == 1 and "hackney-0002 was removed" in err and "no file was changed" in err
    assert (data_dir / "apprentices" / "camden.yaml").read_bytes() == camden
    assert record(cli, "hackney-0002") is None
    cli("validate")


@pytest.mark.slow
@posix_only
def test_a_write_that_waits_for_a_move_sees_the_record_moved(data_dir):
    """The move holds both files from its first read to its last write: an update started while it is
    stopped half way (its new borough's file written) waits for it, then is refused, naming the new id."""
    move = start_paused(data_dir, "replaced", "update", "hackney-0002", "--borough", "camden")
    update = start_paused(data_dir, "lock-wanted", "update", "hackney-0002", "--role", "Tester")
    update.stdin.write(b"go")  # it goes on to the lock the move holds
    update.stdin.flush()
    assert released(move)[0] == 0
    _, err = update.communicate()
    assert update.returncode == 1 and "hackney-0002 was moved to camden-0008: change camden-0008" in err.decode()
    assert record(Cli(data_dir), "camden-0008")["role"] == "Network Engineer"
    one_copy_and_valid(Cli(data_dir))


@pytest.mark.slow
@posix_only
def test_moves_in_opposite_directions_at_once_both_finish(data_dir):
    """Each move takes its two locks in one order (by file name): two moves between the same boroughs in
    opposite directions cannot each hold the lock the other waits for."""
    there = start_paused(data_dir, "lock-held", "update", "hackney-0002", "--borough", "camden")
    back = start_paused(data_dir, "lock-wanted", "update", "camden-0001", "--borough", "hackney")
    back.stdin.write(b"go")
    back.stdin.flush()
    assert released(there)[0] == 0
    back.communicate()
    assert back.returncode == 0
    cli = Cli(data_dir)
    assert "camden-0008" in ids(cli, "camden") and "hackney-0025" in ids(cli, "hackney")
    assert "OK: no problems (20 files, 126 valid records)" in cli("validate").stdout


def test_a_move_that_cannot_finish_changes_nothing_and_says_so(cli, data_dir):
    """A source file in flow style cannot have a record cut out in place: the move is refused before either
    file is written, and says so; nothing is half done."""
    source = data_dir / "apprentices" / "hackney.yaml"
    records = [r for r in json.loads(cli("list", "-b", "hackney", "-f", "json").stdout)]
    flow = ", ".join(
        "{" + ", ".join(f"{k}: {v}" for k, v in r.items() if k not in ("borough",) and v is not None) + "}"
        for r in records
    )
    source.write_text(f"[{flow}]\n")
    cli("validate")
    before = snapshot_tree(data_dir)
    result = cli("update", "hackney-0002", "--borough", "camden", code=1)
    assert "cannot change this file without rewriting it" in result.stderr
    assert "no file was changed" in result.stderr
    assert snapshot_tree(data_dir) == before
    cli("validate")


@posix_only
def test_finishing_a_stopped_move_keeps_a_change_made_in_between(data_dir):
    """Stopped between its writes, the move has a copy in Camden; an update of the old record in Hackney
    (its own file is sound) is not lost when the move is finished: the copy takes it."""
    proc = start_paused(data_dir, "replaced", "update", "hackney-0002", "--borough", "camden")
    proc.kill()
    proc.wait()
    cli = Cli(data_dir)
    cli("update", "hackney-0002", "--role", "Senior Network Engineer")
    cli("update", "hackney-0002", "--borough", "camden")  # what validate says to run
    assert record(cli, "camden-0008")["role"] == "Senior Network Engineer"
    one_copy_and_valid(cli)
