"""Large data is parsed by several processes (Linux): the same records, problems and figures as one
process, and what the workers read is cached for the next run."""

from __future__ import annotations

import json
import sys

import pytest

import apprentrack.store

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="several processes only where they can fork")


@pytest.fixture
def parallel(monkeypatch):
    """As if the data were big: every read of files not in the cache goes to worker processes; the list
    of how many files each such read had."""
    reads = []

    def always(files):
        reads.append(len(files))
        return True

    monkeypatch.setattr(apprentrack.store, "_parallel", always)
    return reads


def outputs(cli):
    return [
        cli("status", "--as-of", "2020-03-11", "-f", "json").stdout,
        cli("list", "-f", "json").stdout,
        cli("validate").stdout,
    ]


def test_several_processes_read_the_same_as_one(cli, monkeypatch):
    monkeypatch.setenv("APPRENTRACK_CACHE", "off")
    alone = outputs(cli)
    reads = []

    def always(files):
        reads.append(len(files))
        return True

    monkeypatch.setattr(apprentrack.store, "_parallel", always)
    assert outputs(cli) == alone
    assert reads == [19, 19, 19]  # each command's every file went to the workers
    assert json.loads(alone[0])["counted"] == 73


def test_problems_found_by_workers_are_the_same(cli, monkeypatch):
    (cli.data_dir / "apprentices" / "merton.yaml").write_text("- id: merton-0001\n  role: [unclosed\n")
    (cli.data_dir / "apprentices" / "camden.yaml").write_text("- id: camden-0001\n  role: Dev\n")
    alone = cli("validate", code=1)
    monkeypatch.setattr(apprentrack.store, "PARALLEL_BYTES", 0)
    both = cli("validate", code=1)
    assert (both.stdout, both.stderr) == (alone.stdout, alone.stderr)
    assert "merton.yaml:3: invalid YAML" in alone.stdout and "camden.yaml:1: start_date: required" in alone.stdout


def test_what_the_workers_read_is_cached(cli, parallel):
    first = cli("status", "--as-of", "2020-03-11", "-f", "json").stdout
    assert parallel == [19]  # every file, the first time (the fixture has 19)
    assert cli("status", "--as-of", "2020-03-11", "-f", "json").stdout == first
    assert parallel == [19]  # no parse the second time: all from the cache the workers wrote
