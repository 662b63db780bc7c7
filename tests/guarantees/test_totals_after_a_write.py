"""The totals a write prints are the figures status would print, or none, with the reason (issue 22,
class 3): a file with a problem or a move left half done is named, never left out or counted twice; and a
percentage never reads 100, nor a bar full, before the target is met."""

from __future__ import annotations

import json
import re

import pytest
from helpers import posix_only, start_paused

from apprentrack.output.tables import bar

ADD = ("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-09-07")


def total(stdout: str) -> int:
    return int(re.search(r"the programme counts (\d+) of", stdout).group(1))


def test_the_total_after_an_add_is_what_status_prints(cli):
    after = cli(*ADD)
    assert total(after.stdout) == json.loads(cli("status", "-f", "json").stdout)["counted"] == 117


def test_a_file_with_a_problem_is_named_and_no_total_is_printed(cli, data_dir):
    camden = data_dir / "apprentices" / "camden.yaml"
    camden.write_text(camden.read_text() + "- id: camden-0099\n  role: Dev\n")  # no start date
    result = cli(*ADD)
    assert result.stdout.startswith("Added hackney-0025 to ")  # the record is written, and said so
    assert "the programme counts" not in result.stdout
    assert "No total: Camden's file has a problem (`apprentrack validate` says what)." in result.stderr


@pytest.mark.slow
@posix_only
def test_a_move_left_half_done_is_named_and_never_counted_twice(cli, data_dir):
    """A move stopped (killed) after writing the record to its new borough, before taking it from the old
    one: it is in both files. The next add names the file that holds the copy, and prints no total (it
    would count that hire twice)."""
    moving = start_paused(data_dir, "replaced", "update", "hackney-0002", "--borough", "camden")
    moving.kill()  # after camden's file was replaced, before hackney's
    moving.wait(timeout=60)
    assert "# moved from hackney-0002" in (data_dir / "apprentices" / "camden.yaml").read_text()
    result = cli("add", "-b", "brent", "--role", "Dev", "--start-date", "2020-09-07")
    assert result.stdout.startswith("Added brent-")
    assert "the programme counts" not in result.stdout
    assert "No total: Camden's file has a problem (`apprentrack validate` says what)." in result.stderr


def test_a_bar_is_full_and_a_share_100_only_once_the_target_is_met(tiny):
    assert bar(0.999, ascii_only=True) == "#" * 19 + "-"
    assert bar(1.0, ascii_only=True) == "#" * 20
    records = "".join(f"- {{id: hackney-{i:04d}, role: Dev, start_date: 2021-01-{4 + i:02d}}}\n" for i in range(9))
    tiny.write("hackney", records)
    data = json.loads(tiny("status", "--as-of", "2021-02-01", "-f", "json").stdout)
    assert (data["counted"], data["percent"]) == (9, 90.0)
