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


@pytest.mark.parametrize("name", ["weekly-summary.yml", "validate.yml"])
def test_actionlint_passes(name):
    actionlint = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    assert actionlint, "actionlint is not installed: pip install -e '.[test]'"
    result = subprocess.run([actionlint, str(WORKFLOWS / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def apprentrack_steps(name):
    """The `run:` scripts of a workflow that call apprentrack."""
    jobs = yaml.safe_load((WORKFLOWS / name).read_text())["jobs"]
    return [step["run"] for job in jobs.values() for step in job["steps"] if "apprentrack" in step.get("run", "")]


@pytest.mark.slow
def test_weekly_summary_steps_run_on_a_copy_of_the_data(tmp_path):
    copy_fixture(tmp_path / "data")
    summary = tmp_path / "step-summary.md"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary)}
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
def test_validate_workflow_steps_fail_on_broken_data(tmp_path):
    copy_fixture(tmp_path / "data")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    (script,) = apprentrack_steps("validate.yml")
    ok = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (tmp_path / "data" / "apprentices" / "merton.yaml").write_text("- id: merton-0001\n")
    broken = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "data/apprentices/merton.yaml:1: role: required, but missing" in broken.stdout
