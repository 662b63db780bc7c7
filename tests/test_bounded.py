"""Work is bounded: what is written obeys the limit on what is read, a small file cannot unfold into
millions of items, nesting has a depth, and a date is one a programme can have; each ends in a clear
error, never a MemoryError, RecursionError or OverflowError."""

from __future__ import annotations

import pytest
from helpers import snapshot_tree

import apprentrack.storage.writer


def test_the_size_limit_applies_to_what_is_written(cli, data_dir, monkeypatch):
    monkeypatch.setattr(apprentrack.storage.writer, "MAX_FILE_BYTES", 3000)
    before = snapshot_tree(data_dir)
    path = data_dir / "apprentices" / "hackney.yaml"
    result = cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", code=1)
    assert f"{path}:1: not written: the file would be " in result.stderr and "the limit is 3,000" in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" + "1," * 3_000_000 + "1]\n", "3,000,001 lines and commas; the limit is 2,500,000"),
        ("- " * 3_000_000 + "x\n", "invalid YAML"),  # 3 million nested lists on one line
        ("- id: merton-0001\n  role: " + "[" * 100_000 + "]" * 100_000 + "\n", "exceeded maximum nesting depth"),
    ],
    ids=["millions of tiny items", "a deep block list", "deep nesting"],
)
def test_a_file_that_would_unfold_without_bound_is_refused(cli, data_dir, text, message):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(text)
    result = cli("validate", code=1)
    assert f"{path}:" in result.stdout and message in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("summary", "--week", "0001-W01"), "--week: '0001-W01' is outside the years 1900 to 2199"),
        (("status", "--as-of", "01/01/0001"), "--as-of: '01/01/0001' is outside the years 1900 to 2199"),
        (("add", "-b", "hackney", "--role", "Dev", "--start-date", "9999-12-31", "--status", "pledged"), "9999"),
    ],
)
def test_a_date_outside_any_programme_is_a_clear_error(cli, args, message):
    result = cli(*args, code=2)
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_deadline_in_year_9999_is_refused_in_boroughs_yaml(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text().replace("  deadline: 2020-09-30", "  deadline: 9999-12-31"))
    result = cli("validate", code=1)
    assert "programme: deadline: '9999-12-31' is outside the years 1900 to 2199" in result.stdout
