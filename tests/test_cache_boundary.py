"""The cache is not a trust boundary: it lives outside the repository, is read only as regular files of
bounded size and never through links, is never trusted by validate, and stays bounded."""

from __future__ import annotations

import json
import os

import pytest
from helpers import Cli, posix_only, snapshot_tree

import apprentrack.cache
from apprentrack.cache import Cache


def answers(cli: Cli) -> list[str]:
    """What the commands that read the cache say, then validate (which writes it, never reads it)."""
    return [
        cli(*args, code=None).stdout
        for args in (("list", "-f", "json"), ("status", "--as-of", "2020-03-11", "-f", "json"), ("validate",))
    ]


def plant(data_dir, folder) -> None:
    """Entries a committer could write: well formed, keyed to the files' bytes, claiming 53 extra hires in
    Hackney and a record with a name in it."""
    from datetime import date

    from apprentrack.record import Record
    from apprentrack.terms import Status

    planter = Cache(data_dir)
    planter.folder = folder
    path = data_dir / "apprentices" / "hackney.yaml"
    fake = [
        Record(f"hackney-{i:04d}", "Jane Doe", None, None, date(2020, 1, 6), Status.in_post, None, None)
        for i in range(1, 78)
    ]
    planter.put("hackney", path.read_bytes(), fake, list(range(1, 78)), True)


@pytest.mark.parametrize("kind", ["folder", "file", "link"])
def test_anything_named_like_the_old_cache_in_the_data_dir_changes_nothing(cli, data_dir, tmp_path, kind):
    expected = answers(cli)
    planted = data_dir / ".apprentrack-cache"
    entry = {"format": 2, "version": "0", "key": "x", "columns": {"role": ["Jane Doe"]}, "counts": {"in_post": 999}}
    if kind == "folder":
        plant(data_dir, planted)
        assert json.loads((planted / "hackney.json").read_text())["columns"]["role"][0] == "Jane Doe"
    elif kind == "file":
        planted.write_text(json.dumps(entry))
    else:
        planted.symlink_to(tmp_path)
    assert answers(cli) == expected


def test_reading_writes_nothing_in_the_data_dir(cli, data_dir, tmp_path):
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    cli("status")
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-09-07")
    after = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*") if not p.name.startswith(".hackney.yaml"))
    assert after == before  # only the record itself changed (and its lock file)
    assert list((tmp_path / "user-cache").glob("*/hackney.json"))


@posix_only
@pytest.mark.parametrize("kind", ["link", "fifo", "folder", "huge"])
def test_a_cache_entry_that_is_not_a_regular_file_is_never_read(cli, data_dir, tmp_path, monkeypatch, kind):
    expected = answers(cli)
    entry = Cache(data_dir).folder / "hackney.json"
    entry.unlink()
    if kind == "link":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text("{}")
        entry.symlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(entry)  # reading it would hang
    elif kind == "folder":
        entry.mkdir()
    else:
        monkeypatch.setattr(apprentrack.cache, "MAX_ENTRY_BYTES", 10)
    assert answers(cli) == expected


def test_the_cache_stays_within_its_bound(cli, data_dir, monkeypatch):
    monkeypatch.setattr(apprentrack.cache, "MAX_TOTAL_BYTES", 20_000)
    cli("list")
    root = Cache(data_dir).root
    assert 0 < sum(p.stat().st_size for p in root.glob("*/*.json")) <= 20_000


def test_the_cache_command_shows_and_clears_it(cli, tmp_path):
    cli("status")
    shown = cli("cache")
    assert shown.stdout == f"{tmp_path / 'user-cache'}\n"
    assert " entries, " in shown.stderr
    assert cli("cache", "--clear").stdout == f"Cleared {tmp_path / 'user-cache'}\n"
    assert not (tmp_path / "user-cache").exists()
    assert snapshot_tree(cli.data_dir)  # the data is untouched
