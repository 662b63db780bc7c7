"""Finding the data as git finds its repository: --data-dir before or after the command, or the nearest
data/ from the current folder up to the repository's root."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import FIXTURE
from typer.testing import CliRunner

from apprentrack.cli import app


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def counted(result) -> int:
    return json.loads(result.stdout)["counted"]


@pytest.mark.parametrize("where", ["before", "after", "equals after"])
def test_data_dir_before_or_after_the_command(where):
    given = {
        "before": ["--data-dir", str(FIXTURE), "status"],
        "after": ["status", "--data-dir", str(FIXTURE)],
        "equals after": ["status", f"--data-dir={FIXTURE}"],
    }[where]
    assert counted(run(*given, "--as-of", "2020-03-11", "-f", "json")) == 73


@pytest.mark.parametrize("inside", [".", "data", "data/apprentices"])
def test_run_from_inside_the_repository_finds_its_data(tmp_path, monkeypatch, inside):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURE, repo / "data")
    monkeypatch.chdir(repo / inside)
    assert counted(run("status", "--as-of", "2020-03-11", "-f", "json")) == 73


def test_the_search_stops_at_the_repository_root(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "data")  # outside the repository: not this repository's data
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.chdir(repo)
    result = run("status", code=2)
    assert f"Error: no data directory: looked for data/boroughs.yaml and boroughs.yaml in {repo}" in result.stderr
    assert f"up to {repo}." in result.stderr


def test_data_dir_and_the_environment_win_over_the_search(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "data").mkdir()
    (repo / "data" / "boroughs.yaml").write_text("not: a programme\n")  # refused, were it used
    monkeypatch.chdir(repo)
    monkeypatch.setenv("APPRENTRACK_DATA", str(FIXTURE))
    assert counted(run("status", "--as-of", "2020-03-11", "-f", "json")) == 73


def test_a_value_that_looks_like_data_dir_stays_the_value_of_its_option(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    args = ["add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--standard", "--data-dir="]
    run(*args, "--ref", "--data-dir", "--data-dir", str(root))
    records = json.loads(run("list", "-b", "hackney", "-f", "json", "--data-dir", str(root)).stdout)
    assert ("--data-dir=", "--data-dir") in {(r["standard"], r["ref"]) for r in records}
