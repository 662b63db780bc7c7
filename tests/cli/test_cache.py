"""`apprentrack cache`: where the cache is and what it holds, and `--clear`, which removes only the
entries apprentrack wrote (a shared folder's other files stay), never anything of the data."""

from __future__ import annotations

from helpers import snapshot_tree


def test_the_cache_command_shows_and_clears_only_what_it_wrote(cli, tmp_path):
    cli("status")
    shown = cli("cache")
    assert shown.stdout == f"{tmp_path / 'user-cache'}\n"
    assert "20 entries, " in shown.stderr  # 19 borough files and boroughs.yaml
    theirs = tmp_path / "user-cache" / "notes.txt"  # a folder shared with other files (APPRENTRACK_CACHE_DIR)
    theirs.write_text("keep me")
    data = snapshot_tree(cli.data_dir)
    assert cli("cache", "--clear").stdout == f"Cleared {tmp_path / 'user-cache'} (20 entries)\n"
    assert sorted(p.name for p in (tmp_path / "user-cache").iterdir()) == ["notes.txt"]
    assert snapshot_tree(cli.data_dir) == data  # the data is untouched


def test_an_empty_or_missing_cache_is_no_error(cli, tmp_path):
    shown = cli("cache")
    assert (shown.stdout, shown.stderr) == (f"{tmp_path / 'user-cache'}\n", "0 entries, 0.0 MiB\n")
    assert cli("cache", "--clear").stdout == f"Cleared {tmp_path / 'user-cache'} (0 entries)\n"
