"""Nothing lost: adds racing each other all land while readers read; a writer killed or interrupted at any
point of its write leaves each file old or new, never torn, and the next run works; a move stopped between
its two writes is named and finished by running it again. Real processes, released together or stopped at
the write's pause points (APPRENTRACK_PAUSE_AT), never timed. Each test proves one guarantee of the
failure-mode table, and was checked to fail when its guarantee is broken on purpose."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from helpers import Cli, posix_only, run_together, snapshot_tree, start_paused, temp_files

ADD = ["--role", "Data analyst", "--start-date", "2020-03-02"]


def records(data_dir: Path, slug: str) -> list[dict]:
    path = data_dir / "apprentices" / f"{slug}.yaml"
    return yaml.safe_load(path.read_text()) if path.exists() else []


def ids(cli: Cli, borough: str) -> list[str]:
    return [r["id"] for r in json.loads(cli("list", "-b", borough, "-f", "json").stdout)]


# --- concurrency ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("spread", ["one borough", "many boroughs"])
def test_50_adds_released_together_all_land_while_readers_read(data_dir, spread):
    slugs = (
        ["hackney"] * 50
        if spread == "one borough"
        else [["hackney", "camden", "brent", "sutton", "merton"][i % 5] for i in range(50)]
    )
    before = {slug: len(records(data_dir, slug)) for slug in set(slugs)}
    commands = [
        ["--data-dir", str(data_dir), "add", "-b", slug, "--role", f"Role {i}", "--start-date", "2020-03-02"]
        for i, slug in enumerate(slugs)
    ]

    reads, failures, done = [], [], threading.Event()

    def reader():  # status and validate, over and over while the adds run: never a torn file
        while not done.is_set():
            for args in (("validate",), ("status", "--as-of", "2020-03-11", "-f", "json")):
                command = [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), *args]
                result = subprocess.run(command, capture_output=True, text=True)
                reads.append(result.returncode)
                if result.returncode != 0:
                    failures.append(result.stdout + result.stderr)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        results = run_together(commands)
    finally:
        done.set()
        thread.join()

    assert [r.returncode for r in results] == [0] * 50, [r.stderr for r in results if r.returncode]
    assert failures == [] and reads
    added = {}
    for slug in set(slugs):
        recs = records(data_dir, slug)
        assert len(recs) == before[slug] + slugs.count(slug)
        added |= {r["id"]: r["role"] for r in recs if r["role"].startswith("Role ")}
    assert sorted(added.values()) == sorted(f"Role {i}" for i in range(50))  # every record, once
    assert len(added) == 50  # 50 distinct ids
    Cli(data_dir)("validate")


# --- crashes and interrupts at each point of a write ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("point", ["lock-held", "temp-partial", "temp-complete", "replaced"])
def test_killed_at_each_point_of_a_write_leaves_old_or_new_never_torn(data_dir, point):
    path = data_dir / "apprentices" / "hackney.yaml"
    old = path.read_bytes()
    proc = start_paused(data_dir, point, "add", "-b", "hackney", *ADD)
    if point == "temp-partial":  # the point is real: half a file waits beside the old one
        (tmp,) = temp_files(data_dir)
        assert 0 < tmp.stat().st_size < len(old)
    proc.kill()  # SIGKILL: no clean-up runs
    proc.wait()
    new = path.read_bytes()
    if point == "replaced":
        assert new.startswith(old) and records(data_dir, "hackney")[-1]["id"] == "hackney-0025"
    else:
        assert new == old
    cli = Cli(data_dir)
    cli("validate")  # a leftover temporary file is ignored
    result = cli("add", "-b", "hackney", *ADD)  # the dead writer's lock does not block the next add
    assert "Added hackney-0026" in result.stdout if point == "replaced" else "Added hackney-0025" in result.stdout


@pytest.mark.slow
def test_readers_see_the_old_file_while_a_write_is_half_done(data_dir):
    cli = Cli(data_dir)
    before = json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"]
    proc = start_paused(data_dir, "temp-partial", "add", "-b", "hackney", *ADD)
    cli("validate")
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"] == before
    proc.stdin.write(b"x")  # let the write finish
    proc.stdin.close()
    assert proc.wait() == 0
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"] == before + 1
    assert temp_files(data_dir) == []


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("point", ["temp-partial", "temp-complete"])
def test_ctrl_c_during_a_write_exits_130_and_leaves_the_file_whole(data_dir, point):
    before = snapshot_tree(data_dir)
    proc = start_paused(data_dir, point, "add", "-b", "hackney", *ADD)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130
    assert b"Interrupted: nothing was written." in err and b"Traceback" not in err
    assert snapshot_tree(data_dir) == before  # the temporary file is gone too


@pytest.mark.slow
@posix_only
def test_ctrl_c_at_a_prompt_exits_130(data_dir):
    before = snapshot_tree(data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "add", "--interactive"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr.readline().startswith(b"Member boroughs: ")  # the borough prompt comes next
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130
    assert b"Interrupted: nothing was written." in err and b"Traceback" not in err
    assert snapshot_tree(data_dir) == before


# --- a move stopped between its two writes --------------------------------------------------------


@pytest.mark.slow
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


@pytest.mark.slow
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
