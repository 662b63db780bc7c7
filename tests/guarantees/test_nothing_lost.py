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
