"""The GitHub workflows: actionlint passes, and the apprentrack commands they run work on the data."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import copy_fixture

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"
BIN = Path(sys.executable).parent


NAMES = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def test_every_workflow_is_checked():
    assert NAMES == ["tests.yml", "validate.yml", "weekly-summary.yml"]


@pytest.mark.parametrize("name", NAMES)
def test_actionlint_passes(name):
    result = subprocess.run([tool("actionlint"), str(WORKFLOWS / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_zizmor_finds_nothing(name):
    """Static security analysis of GitHub Actions: pinned actions, no credentials left in the checkout,
    least privilege, no template injection. --offline: no request to GitHub's API."""
    result = subprocess.run([tool("zizmor"), "--offline", str(WORKFLOWS / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def apprentrack_steps(name):
    """The `run:` scripts of a workflow that call apprentrack."""
    jobs = yaml.safe_load((WORKFLOWS / name).read_text())["jobs"]
    return [step["run"] for job in jobs.values() for step in job["steps"] if "apprentrack" in step.get("run", "")]


@pytest.mark.slow
def test_weekly_summary_steps_run_on_a_copy_of_the_data(tmp_path):
    copy_fixture(tmp_path / "data")
    summary = tmp_path / "step-summary.md"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary)}
    add = ["apprentrack", "add", "-b", "camden", "--role", "Data Analyst", "--start-date", "2020-09-01"]
    assert subprocess.run(add, cwd=tmp_path, env=env, capture_output=True).returncode == 0  # a borough's change
    steps = apprentrack_steps("weekly-summary.yml")
    assert len(steps) == 2
    for script in steps:
        result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    weekly = tmp_path / "weekly"
    assert sorted(p.name for p in weekly.iterdir()) == [
        "burnup.svg",
        "summary.csv",
        "summary.json",
        "summary.md",
        "summary.svg",
    ]
    assert summary.read_text() == (weekly / "summary.md").read_text()
    assert summary.read_text().startswith("## LOTI Digital Apprentices: week ")


@pytest.mark.slow
def test_validate_workflow_passes_a_fresh_add_and_annotates_broken_data(tmp_path):
    copy_fixture(tmp_path / "data")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def run(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)

    (script,) = apprentrack_steps("validate.yml")
    assert "pytest" not in (WORKFLOWS / "validate.yml").read_text()  # a data change runs no test
    # A borough's real change: a new hire added today, as the pull request would carry it.
    added = run("apprentrack add --borough hackney --role 'Software Developer' --start-date 2020-09-07")
    assert added.stdout.startswith("Added hackney-0025"), added.stderr
    ok = run(script)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK: no problems (20 files, 127 valid records)")
    (tmp_path / "data" / "apprentices" / "merton.yaml").write_text("- id: merton-0001\n  role: Dev, lead\n")
    broken = run(script)
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == [
        "::error file=data/apprentices/merton.yaml,line=1::start_date: required, but missing",
    ]
