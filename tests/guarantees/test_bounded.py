"""Work is bounded: a file over the size limit is refused before it is read, and what is written obeys
the same limit; a small file cannot unfold into millions of items, an alias bomb is refused in little
memory, nesting has a depth, a very long value gets a short message, and a date is one a programme can
have; each ends in a clear error, never a MemoryError, RecursionError or OverflowError."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import Cli, posix_only, snapshot_tree

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


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.slow
@posix_only
def test_alias_bomb_is_refused_in_little_memory(data_dir):
    import resource

    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("- " + BOMB.replace("\n", "\n  ").rstrip() + "\n")  # 9**9 strings if expanded

    def limit():  # 1 GiB of address space: an expanded bomb would need far more
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "validate"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )
    assert result.returncode == 1, result.stderr
    assert f"{path}:1: invalid YAML: this value (&anchor) is used again by an alias" in result.stdout


def test_oversize_file_is_refused_before_it_is_read(data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    with path.open("wb") as f:
        f.truncate(33 * 1024 * 1024)  # sparse: costs no disk
    result = Cli(data_dir)("validate", code=1)
    assert f"{path}:1: file is 34,603,008 bytes; the limit is 33,554,432" in result.stdout


def test_very_long_values_are_refused_briefly(data_dir):
    cli = Cli(data_dir)
    result = cli("add", "-b", "hackney", "--role", "x" * 100_000, "--start-date", "2020-03-02", code=2)
    assert "--role: must be at most 120 characters" in result.stderr
    assert len(result.stderr) < 500
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(f"- id: merton-0001\n  role: {'y' * 10_000}\n  start_date: 2020-01-06\n")
    out = cli("validate", code=1).stdout
    assert f"{path}:2: role: must be at most 120 characters (found 'yyyy" in out
    assert len(out) < 500


DEEP = 998  # just inside libyaml's own limit (1000): deep enough to exhaust Python's recursion


@pytest.mark.parametrize("field", ["pledge", "headcount"])
def test_a_borough_figure_too_big_is_refused(cli, data_dir, field):
    path = data_dir / "boroughs.yaml"
    text = path.read_text().replace("    code: E09000012\n", f"    code: E09000012\n    {field}: 1{'0' * 400}\n", 1)
    path.write_text(text.replace(f"    {field}: 1{'0' * 400}\n    {field}:", f"    {field}:"))  # once
    assert f"borough: {field}: must be at most 1000000000" in cli("validate", code=1).stdout


def test_a_deeply_nested_boroughs_yaml_is_refused_by_its_depth(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text() + "extra: " + "[" * DEEP + "]" * DEEP + "\n")
    result = cli("validate", code=1)
    assert f"{path}:" in result.stdout and "nested more than 20 levels deep" in result.stdout


def test_a_forecast_beyond_the_calendar_is_no_date_not_an_overflow(tiny):
    """A target of a billion at one hire a week, with a deadline in 2199: the day the pace would reach it is
    far beyond any calendar's last year, so there is no forecast date; the figures are still given."""
    path = tiny.data_dir / "boroughs.yaml"
    text = path.read_text().replace("target: 10\n", "target: 1000000000\n").replace("2021-03-28", "2199-12-31")
    path.write_text(text)
    tiny.write("hackney", "".join(
        f"- id: hackney-{n:04d}\n  role: Dev\n  start_date: 2021-01-{4 + 7 * n:02d}\n  status: in_post\n"
        for n in range(4)
    ))  # fmt: skip
    for command in (("status", "-f", "json"), ("summary", "--week", "2021-W06", "-f", "json"), ("chart", "-f", "text")):
        tiny(*command)
    status = __import__("json").loads(tiny("status", "--as-of", "2021-02-07", "-f", "json").stdout)
    assert (status["counted"], status["forecast_date"], status["verdict"]) == (4, None, "at risk")
    assert status["recent_pace"] == 0.75 and status["projected_at_deadline"] > 4  # a pace, carried no further


def test_a_target_too_big_for_the_arithmetic_is_refused_in_boroughs_yaml(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text().replace("  target: 100\n", "  target: 1" + "0" * 400 + "\n"))
    result = cli("validate", code=1)
    assert "programme: target: must be at most 1000000000" in result.stdout
    assert "programme: target: must be at most 1000000000" in cli("status", code=1).stderr


@pytest.mark.parametrize(
    "text",
    [
        "- " + "[" * DEEP + "]" * DEEP + "\n",  # lists in lists
        "- id: merton-0001\n  role: " + "[" * DEEP + "]" * DEEP + "\n",  # in a record's value
        "- " + "{a: " * DEEP + "x" + "}" * DEEP + "\n",  # mappings in mappings
    ],
    ids=["lists", "in a value", "mappings"],
)
@pytest.mark.parametrize("command", ["validate", "status"])
def test_nesting_deeper_than_any_record_is_refused_by_its_depth(cli, data_dir, text, command):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(text)
    result = cli(command, code=1)
    out = result.stdout if command == "validate" else result.stderr
    assert f"{path}:" in out and "nested more than 20 levels deep" in out
