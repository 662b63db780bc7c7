"""The GitHub workflows: actionlint passes, and the apprentrack commands they run work on the data."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, copy_fixture

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


NAMES = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def test_every_workflow_is_checked():
    assert NAMES == ["intake.yml", "tests.yml", "validate.yml", "weekly-summary.yml"]


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


def run_weekly_steps(tmp_path, week=""):
    """The weekly workflow's apprentrack steps, as its runner would run them, on a copy of the data; `week`
    is the workflow_dispatch input (empty on the schedule)."""
    copy_fixture(tmp_path / "data")
    summary = tmp_path / "step-summary.md"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary)}
    env["WEEK"] = week
    add = ["apprentrack", "add", "-b", "camden", "--role", "Data Analyst", "--start-date", "2020-09-01"]
    assert subprocess.run(add, cwd=tmp_path, env=env, capture_output=True).returncode == 0  # a borough's change
    steps = apprentrack_steps("weekly-summary.yml")
    assert len(steps) == 2
    for script in steps:
        result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "weekly", summary.read_text()


WEEKLY_FILES = [
    "burnup.png",
    "burnup.svg",
    "index.html",
    "map.png",
    "map.svg",
    "summary.csv",
    "summary.json",
    "summary.md",
    "summary.png",
    "summary.svg",
]


@pytest.mark.slow
def test_weekly_summary_steps_run_on_a_copy_of_the_data(tmp_path):
    weekly, step_summary = run_weekly_steps(tmp_path)
    assert sorted(p.name for p in weekly.iterdir()) == WEEKLY_FILES
    assert step_summary.startswith("## LOTI Digital Apprentices: week ")
    assert "](burnup.png)" in (weekly / "summary.md").read_text() and "![" not in step_summary


@pytest.mark.slow
def test_a_week_asked_for_by_hand_has_its_pictures_as_of_its_last_day(tmp_path):
    weekly, step_summary = run_weekly_steps(tmp_path, "2020-W11")
    assert sorted(p.name for p in weekly.iterdir()) == WEEKLY_FILES
    assert step_summary.startswith("## LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)")
    for name in ("burnup.svg", "map.svg"):
        assert "as of 15 March 2020</title>" in (weekly / name).read_text(encoding="utf-8"), name
    page = (weekly / "index.html").read_text(encoding="utf-8")
    assert "<title>LOTI Digital Apprentices: week 2020-W11" in page and page.count("<svg") == 2


def test_a_crafted_week_input_is_data_not_script(tmp_path):
    """The input reaches the script through the environment: a value made to break out of the shell is an
    option value apprentrack refuses, and runs nothing."""
    script = next(s for s in apprentrack_steps("weekly-summary.yml") if "WEEK" in s)
    assert "${{" not in script
    copy_fixture(tmp_path / "data")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": os.devnull}
    env["WEEK"] = '2020-W11"; touch pwned; echo "$(touch pwned2)`touch pwned3`'
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "--week" in result.stderr
    assert not any(tmp_path.glob("pwned*"))


@pytest.mark.slow
def test_validate_workflow_passes_a_fresh_add_and_annotates_broken_data(tmp_path):
    copy_fixture(tmp_path / "data")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def run(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)

    script, forms = apprentrack_steps("validate.yml")
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
    # The issue forms must list the boroughs of boroughs.yaml: missing, then made, then current.
    missing = run(forms)
    assert missing.returncode == 1 and "out of date with boroughs.yaml" in missing.stderr
    assert run("apprentrack forms").returncode == 0
    assert run(forms).returncode == 0
