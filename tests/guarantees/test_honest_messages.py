"""Messages never lie about what was written: a record written is said to be written, an interrupted
import names the files it replaced, SIGTERM cleans up as Ctrl-C does, and a failed write is a clear
message with the original intact and no temporary file left."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys

import pytest
from helpers import Cli, posix_only, snapshot_tree, start_paused, temp_files

import apprentrack.storage.files

ADD = ("--role", "Dev", "--start-date", "2020-03-02")


@pytest.mark.slow
@posix_only
def test_sigterm_cleans_up_as_ctrl_c_does(data_dir):
    before = snapshot_tree(data_dir)
    proc = start_paused(data_dir, "temp-partial", "add", "-b", "hackney", *ADD)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate()
    assert proc.returncode == 130 and b"Interrupted: nothing was written." in err and b"Traceback" not in err
    assert snapshot_tree(data_dir) == before and temp_files(data_dir) == []


@pytest.mark.slow
@posix_only
def test_an_add_interrupted_after_its_file_was_replaced_says_so(data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    proc = start_paused(data_dir, "replaced", "add", "-b", "hackney", *ADD)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130
    assert f"Error: interrupted, after these files were written: {path}".encode() in err
    assert b"nothing was written" not in err
    assert "id: hackney-0025" in path.read_text()


@pytest.mark.slow
@posix_only
def test_an_interrupted_import_names_the_files_it_replaced(data_dir, tmp_path):
    sheet = tmp_path / "two.csv"
    sheet.write_text("Borough,Role,Start date\nCamden,Dev,02/03/2020\nHackney,Dev,02/03/2020\n")
    before = (data_dir / "apprentices" / "hackney.yaml").read_bytes()
    proc = start_paused(data_dir, "replaced", "import", str(sheet))  # camden first: its file is replaced
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130
    camden = data_dir / "apprentices" / "camden.yaml"
    assert f"Error: interrupted, after these files were written: {camden}".encode() in err
    assert b"running the same command again finishes the work" in err
    assert (data_dir / "apprentices" / "hackney.yaml").read_bytes() == before
    again = Cli(data_dir)("import", str(sheet))
    assert again.stdout == "Imported 1 record(s) (hackney 1); skipped 1 already recorded.\n"


def test_an_add_that_wrote_its_record_says_so_whatever_the_other_files_hold(data_dir):
    with (data_dir / "apprentices" / "camden.yaml").open("r+b") as f:
        f.truncate(33 * 1024 * 1024)  # another borough's file, now too big to read
    result = Cli(data_dir)("add", "-b", "hackney", *ADD)
    assert result.stdout.startswith("Added hackney-0025 to ")
    assert "no file was changed" not in result.stderr and "Nothing was written" not in result.stderr


def test_a_failed_write_is_a_clear_message_with_the_original_intact(data_dir, monkeypatch):
    before = snapshot_tree(data_dir)

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(apprentrack.storage.files.os, "replace", full)
    result = Cli(data_dir)("add", "-b", "hackney", *ADD, code=1)
    path = data_dir / "apprentices" / "hackney.yaml"
    assert f"Error: could not write {path}: No space left on device; it is as it was" in result.stderr
    assert snapshot_tree(data_dir) == before and temp_files(data_dir) == []


@pytest.mark.slow
@posix_only
def test_a_size_limit_is_a_clear_message_with_no_temporary_file_left(data_dir):
    import resource

    path = data_dir / "apprentices" / "hackney.yaml"
    before = path.read_bytes()
    limit = len(before) + 20  # the file may not grow by a record; the lock file and small writes may

    def cap():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "add", "-b", "hackney", *ADD],
        capture_output=True,
        text=True,
        preexec_fn=cap,
    )
    assert result.returncode == 1, result.stderr
    assert f"Error: could not write {path}: File too large; it is as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before and temp_files(data_dir) == []
