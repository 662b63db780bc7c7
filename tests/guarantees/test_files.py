"""Files are only what they seem: apprentrack reads and writes only regular files inside the data dir,
never through a link (out of the data dir, to nothing, to itself; a linked apprentices/ or cache folder)
or over a device, FIFO or folder; an odd entry in apprentices/ is named, never read."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from helpers import Cli, posix_only, snapshot_tree

ADD = ("add", "-b", "merton", "--role", "Dev", "--start-date", "2020-03-02")


@posix_only
@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling link", "looping link"])
def test_an_odd_entry_is_named_and_never_read(data_dir, kind):
    path = data_dir / "apprentices" / "merton.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    elif kind == "dangling link":
        path.symlink_to(data_dir / "apprentices" / "nowhere.yaml")
    else:
        path.symlink_to(path)
    cli = Cli(data_dir)
    done = threading.Event()
    timer = threading.Timer(60, lambda: done.is_set() or os._exit(3))  # a hang fails the run, it cannot pass
    timer.start()
    try:
        result = cli("validate", code=1)
        refused = cli(*ADD, code=1)
    finally:
        done.set()
        timer.cancel()
    why = "not a regular file" if kind in ("folder", "fifo") else "a link that leads nowhere (or to itself)"
    assert f"{path}:1: not read: {why}" in result.stdout
    assert f"not written: {why}" in refused.stderr


@posix_only
def test_a_linked_apprentices_folder_is_neither_read_nor_written(data_dir, tmp_path):
    outside = tmp_path / "outside"
    (data_dir / "apprentices").rename(outside)
    (data_dir / "apprentices").symlink_to(outside)
    before = snapshot_tree(outside)
    cli = Cli(data_dir)
    result = cli("validate", code=1)
    assert "not read: the apprentices/ folder leading outside the data directory" in result.stdout
    assert "not written: the apprentices/ folder leading outside" in cli(*ADD, code=1).stderr
    assert snapshot_tree(outside) == before


@posix_only
def test_a_linked_cache_folder_is_never_written_through(cli, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked-cache").symlink_to(elsewhere)
    monkeypatch.setenv("APPRENTRACK_CACHE_DIR", str(tmp_path / "linked-cache"))
    cli("status")
    assert list(elsewhere.iterdir()) == []


@posix_only
@pytest.mark.parametrize("kind", ["/dev/null", "fifo", "folder", "link"])
def test_output_never_replaces_what_is_not_a_regular_file(cli, tmp_path, kind):
    if kind == "/dev/null":
        # A device node like /dev/null, made here: were the guarantee broken, this test must not replace
        # the machine's own /dev/null (a broken check once did, run as root).
        target = tmp_path / "null.md"
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
    else:
        target = tmp_path / "out.md"
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "folder":
            target.mkdir()
        else:
            (tmp_path / "real.md").write_text("mine\n")
            target.symlink_to(tmp_path / "real.md")
    result = cli("summary", "--week", "2020-W11", "-o", str(target), code=2)
    assert f"--output: '{target}' is not a regular file; give a file name (or - for stdout)" in result.stderr
    if kind == "/dev/null":
        assert stat.S_ISCHR(os.lstat(target).st_mode)  # still the device
    if kind == "link":
        assert (tmp_path / "real.md").read_text() == "mine\n" and target.is_symlink()


def test_output_dash_means_stdout(cli, tmp_path):
    result = cli("summary", "--week", "2020-W11", "-o", "-")
    assert result.stdout.startswith("## LOTI Digital Apprentices: week 2020-W11")
    assert not (tmp_path / "-").exists()


@posix_only
def test_a_data_file_linking_out_of_the_data_dir_is_neither_read_nor_written(data_dir, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n")
    link = data_dir / "apprentices" / "merton.yaml"
    link.symlink_to(outside)
    cli = Cli(data_dir)
    result = cli("validate", code=1)
    assert f"{link}:1: not read: a link leading outside the data directory" in result.stdout
    result = cli(*ADD, code=1)
    assert "not written: a link leading outside the data directory" in result.stderr
    assert outside.read_text() == "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n"
    assert link.is_symlink()


def test_an_output_refused_leaves_nothing_beside_it(cli, tmp_path):
    """The note's pictures were written beside it before the note was found not to be a regular file."""
    target = tmp_path / "out.md"
    target.mkdir()
    cli("status")  # the test's cache folder, user-cache, made here: it is not what the summary writes
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli("summary", "--week", "2020-W11", "-o", str(target), code=2)
    assert "is not a regular file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
