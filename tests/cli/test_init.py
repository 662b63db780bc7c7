"""`apprentrack init`: a new programme's data dir, ready at once (status and validate work, the lock
files are ignored by git), never over an existing one; bad options named; the installed wheel makes one
outside the repository. (An existing .gitignore kept: guarantees/test_unasked.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from helpers import ROOT, Cli, new_programme, snapshot_tree


def test_init_then_status_works_at_once(tmp_path):
    fresh = new_programme(tmp_path, members="hackney, camden")
    data = json.loads(fresh("status", "--as-of", "2020-01-01", "-f", "json").stdout)
    assert (data["counted"], data["target"], data["verdict"]) == (0, 100, "at risk")
    assert [b["slug"] for b in data["boroughs"]] == ["camden", "hackney"]
    fresh("add", "-b", "hackney", "--role", "Dev", "--start-date", "2019-07-01")
    assert json.loads(fresh("status", "--as-of", "2020-01-01", "-f", "json").stdout)["counted"] == 1
    fresh("validate")
    root = tmp_path / "fresh"
    assert ".*.lock" in (root / "apprentices" / ".gitignore").read_text()


def test_init_refuses_to_overwrite_and_names_bad_options(tmp_path):
    new_programme(tmp_path)
    root = tmp_path / "fresh"
    before = snapshot_tree(root)
    cli = Cli(root)
    result = cli("init", str(root), "--name", "X", "--target", "5", "--deadline", "2030-01-01", code=1)
    assert "already exists" in result.stderr and "does not overwrite" in result.stderr
    assert snapshot_tree(root) == before
    other = tmp_path / "other"
    result = cli(
        "init", str(other), "--name", "X", "--target", "5", "--start", "2030-01-01", "--deadline", "2020-01-01", code=1
    )
    assert "--deadline: deadline 2020-01-01 is not after start 2030-01-01" in result.stderr
    result = cli(
        "init", str(other), "--name", "X", "--target", "5", "--deadline", "2030-01-01", "--members", "Narnia", code=2
    )
    assert "--members: no UK council matches 'Narnia'" in result.stderr
    assert not other.exists()


@pytest.mark.slow
def test_init_and_status_from_an_installed_wheel_outside_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("apprentrack-*.whl")
    with zipfile.ZipFile(wheel) as contents:  # the licence and the credits of the data it ships go with it
        names = contents.namelist()
        notice = contents.read(next(n for n in names if n.endswith("licenses/NOTICE"))).decode()
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert "Open Government Licence" in notice and "apprentrack/places/london.yaml" in names
    assert "Open Innovations" in notice and "apprentrack/places/uk_local_authorities_2023.hexjson" in names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}  # this wheel's apprentrack first; its dependencies from here
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "apprentrack", *args], cwd=work, env=env, capture_output=True, text=True
        )

    where = subprocess.run(
        [sys.executable, "-c", "import apprentrack; print(apprentrack.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(site))
    assert (
        run(
            "init", "prog", "--name", "Cohort", "--target", "10", "--start", "2025-04-01", "--deadline", "2026-03-31"
        ).returncode
        == 0
    )
    result = run("--data-dir", "prog", "status", "--as-of", "2025-06-01", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["target"] == 10


def test_a_new_programme_counts_the_same_in_status_and_every_weeks_summary(tmp_path):
    root = tmp_path / "new"
    cli = Cli(root)
    start = datetime.now(ZoneInfo("Europe/London")).date()  # init's default start: London's today
    cli("init", str(root), "--name", "New", "--target", "10", "--deadline", (start + timedelta(days=300)).isoformat())
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", (start - timedelta(days=10)).isoformat())
    assert json.loads(cli("status", "-f", "json").stdout)["counted"] == 1
    summary = json.loads(cli("summary", "-f", "json").stdout)  # the last complete week, before the start
    assert summary["counted"] == 1 and summary["boroughs"][0]["member"] is True
    assert summary["verdict"] == "not started"
