"""The GitHub workflows: actionlint passes, and the apprentrack commands they run work on the data."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import GITHUB_BASH, ROOT, copy_fixture
from webhook_service import SECRET, Service

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


NAMES = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def test_every_workflow_is_checked():
    assert NAMES == ["intake.yml", "tests.yml", "validate.yml", "weekly-summary.yml"]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_actionlint_passes(name):
    result = subprocess.run([tool("actionlint"), str(WORKFLOWS / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_zizmor_finds_nothing(name):
    """Static security analysis of GitHub Actions: pinned actions, no credentials left in the checkout,
    least privilege, no template injection. --offline: no request to GitHub's API."""
    result = subprocess.run([tool("zizmor"), "--offline", str(WORKFLOWS / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def apprentrack_steps(name, job=None):
    """The `run:` scripts of a workflow (or of one of its jobs) that call apprentrack, by step name."""
    jobs = yaml.safe_load((WORKFLOWS / name).read_text())["jobs"]
    return {
        step.get("name", ""): step["run"]
        for key, found in jobs.items()
        if job in (None, key)
        for step in found["steps"]
        if "apprentrack" in step.get("run", "")
    }


def run_step(script, cwd, **env):
    """A step's script as its runner would run it (GitHub's bash: -eo pipefail), with apprentrack on the PATH."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run([*GITHUB_BASH, script], cwd=cwd, env=env, capture_output=True, text=True)


WEEKLY = apprentrack_steps("weekly-summary.yml")
SITE = "Build the site, every week as it stood at its end"
WRITE = "Write the week's summary"
POST = "Post the week's summary to chat, if the repository has the webhook secret"


def test_the_weekly_workflow_validates_builds_the_site_writes_and_posts():
    assert list(WEEKLY) == ["Validate the data", SITE, WRITE, POST]
    assert WEEKLY[SITE] == "apprentrack site _site"
    jobs = yaml.safe_load((WORKFLOWS / "weekly-summary.yml").read_text())["jobs"]
    pages = next(step for step in jobs["summary"]["steps"] if "upload-pages-artifact" in step.get("uses", ""))
    assert pages["with"]["path"] == "_site/"  # the whole site is published, not one week
    assert jobs["post"]["needs"] == "publish"  # the post links to pages that are up


def run_weekly_steps(tmp_path, week=""):
    """The weekly workflow's validate and summary steps, as its runner would run them, on a copy of the
    data; `week` is the workflow_dispatch input (empty on the schedule). (The site is built in a test of
    its own, of a short programme.)"""
    copy_fixture(tmp_path / "data")
    summary = tmp_path / "step-summary.md"
    add = ["apprentrack", "add", "-b", "camden", "--role", "Data Analyst", "--start-date", "2020-09-01"]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    assert subprocess.run(add, cwd=tmp_path, env=env, capture_output=True).returncode == 0  # a borough's change
    for name in ("Validate the data", WRITE):
        result = run_step(WEEKLY[name], tmp_path, GITHUB_STEP_SUMMARY=str(summary), WEEK=week)
        assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "weekly", summary.read_text()


def weekly_files(week: str) -> list[str]:
    """What the weekly workflow writes for download: the note's pictures are named for its week."""
    names = ["card.png", "card.png.txt", "summary.csv", "summary.html", "summary.json", "summary.md", "summary.txt"]
    return sorted([*names, f"{week}-burnup.png", f"{week}-map.png"])


@pytest.mark.slow
def test_weekly_summary_steps_run_on_a_copy_of_the_data(tmp_path):
    weekly, step_summary = run_weekly_steps(tmp_path)
    week = json.loads((weekly / "summary.json").read_text())["week"]
    assert sorted(p.name for p in weekly.iterdir()) == weekly_files(week)
    assert step_summary.startswith("## LOTI Digital Apprentices: week ")
    assert f"]({week}-burnup.png)" in (weekly / "summary.md").read_text() and "![" not in step_summary


@pytest.mark.slow
def test_a_week_asked_for_by_hand_has_its_pictures_as_of_its_last_day(tmp_path):
    weekly, step_summary = run_weekly_steps(tmp_path, "2020-W11")
    assert sorted(p.name for p in weekly.iterdir()) == weekly_files("2020-W11")
    assert step_summary.startswith("## LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)")
    assert "Records logged by 15 March 2020 only" in step_summary  # as the site has the week
    page = (weekly / "summary.html").read_text(encoding="utf-8")
    assert "<title>LOTI Digital Apprentices: week 2020-W11" in page and page.count("<img") == 2
    assert (weekly / "summary.txt").read_text().startswith("LOTI Digital Apprentices: week 2020-W11")


@pytest.mark.slow
def test_the_site_step_builds_every_week_of_a_short_programme(tmp_path):
    from helpers import TINY_BOROUGHS

    (tmp_path / "data" / "apprentices").mkdir(parents=True)
    (tmp_path / "data" / "boroughs.yaml").write_text(TINY_BOROUGHS.replace("2021-03-28", "2021-01-17"))
    (tmp_path / "data" / "apprentices" / "hackney.yaml").write_text(
        "- {id: hackney-0001, role: Dev, start_date: 2021-01-05}\n"
    )
    result = run_step(WEEKLY[SITE], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built _site: 2 weeks (2021-W01 to 2021-W02), 6 pictures")
    assert sorted(p.name for p in (tmp_path / "_site" / "weekly").iterdir()) == ["2021-W01", "2021-W02"]


@pytest.mark.slow
def test_the_post_step_skips_with_a_notice_without_the_secret(tmp_path):
    result = run_step(WEEKLY[POST], tmp_path, APPRENTRACK_WEBHOOK_URL="", CHAT="", SITE_URL="", WEEK="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::notice title=Not posted to chat::The repository has no APPRENTRACK_WEBHOOK_URL")


@pytest.mark.slow
def test_the_post_step_posts_the_week_with_links_to_the_site_when_the_secret_is_there(tmp_path):
    copy_fixture(tmp_path / "data")
    basecamp = Service((201, {}, ""))
    try:
        env = {"APPRENTRACK_WEBHOOK_URL": basecamp.url, "CHAT": "basecamp", "WEEK": "2020-W11"}
        result = run_step(WEEKLY[POST], tmp_path, SITE_URL="https://loti.example.github.io/apprentrack/", **env)
    finally:
        basecamp.close()
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Posted week 2020-W11 to Basecamp: 127.0.0.1 answered 201 Created.\n"
    assert SECRET not in result.stdout + result.stderr
    ((_, _, payload),) = basecamp.requests
    assert '<a href="https://loti.example.github.io/apprentrack/weekly/2020-W11/">' in payload["content"]


@pytest.mark.slow
def test_a_crafted_week_input_is_data_not_script(tmp_path):
    """The input reaches the scripts through the environment: a value made to break out of the shell is an
    option value apprentrack refuses, and runs nothing."""
    copy_fixture(tmp_path / "data")
    crafted = '2020-W11"; touch pwned; echo "$(touch pwned2)`touch pwned3`'
    scripts = [script for script in WEEKLY.values() if "WEEK" in script]
    assert len(scripts) == 2  # the summary and the post
    for script in scripts:
        assert "${{" not in script
        result = run_step(
            script,
            tmp_path,
            GITHUB_STEP_SUMMARY=os.devnull,
            WEEK=crafted,
            APPRENTRACK_WEBHOOK_URL="https://hooks.example.invalid/never",
            SITE_URL="https://example.invalid/",
            CHAT="slack",
        )
        assert result.returncode == 2 and "--week" in result.stderr
        assert not any(tmp_path.glob("pwned*"))


@pytest.mark.slow
def test_validate_workflow_passes_a_fresh_add_and_annotates_broken_data(tmp_path):
    copy_fixture(tmp_path / "data")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def run(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*GITHUB_BASH, script], cwd=tmp_path, env=env, capture_output=True, text=True)

    script, forms = apprentrack_steps("validate.yml").values()
    assert "pytest" not in (WORKFLOWS / "validate.yml").read_text()  # a data change runs no test
    # A borough's real change: a new hire added today, as the pull request would carry it.
    added = run("apprentrack add --borough hackney --role 'Software Developer' --start-date 2020-09-07")
    assert added.stdout.startswith("Added hackney-0025"), added.stderr
    ok = run(script)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.splitlines()[-1].startswith("OK: no problems (20 files, 127 valid records)")
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


# --- CI that fails when it should (issue 22) --------------------------------------------------------
#
# GitHub runs a `run:` step in the shell it names, or by default `bash -e {0}` on Linux and macOS and
# PowerShell on Windows, where only the last command's exit code counts: three checks in one step pass there
# whatever the first two find. Every step that runs several commands (or a pipeline) must stop at the first
# failure on every system its job runs on.

ERREXIT_SHELLS = {"bash": True, "sh": False}  # shell -> whether GitHub's command for it has pipefail too


def commands(script: str) -> list[str]:
    """The script's commands: its lines, continuations joined, blank lines and comments aside."""
    joined = script.replace("\\\n", " ").replace("`\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def systems(job: dict) -> list[str]:
    """The runner systems a job runs on: runs-on, with a matrix of systems expanded."""
    runs_on = job.get("runs-on", "")
    if "matrix.os" in str(runs_on):
        return list(job["strategy"]["matrix"]["os"])
    return runs_on if isinstance(runs_on, list) else [runs_on]


def why_it_may_not_fail(step: dict, job: dict, workflow: dict, system: str) -> str | None:
    """Why a step could pass though a command in it failed, on this system; None when it cannot."""
    script = step.get("run")
    if script is None:
        return None
    lines = commands(script)
    piped = any(" | " in line for line in lines)
    if len(lines) <= 1 and not piped:
        return None  # one command: its exit code is the step's
    defaults = {**workflow.get("defaults", {}).get("run", {}), **job.get("defaults", {}).get("run", {})}
    shell = step.get("shell") or defaults.get("shell")
    windows = system.startswith("windows")
    if shell in (None, "pwsh", "powershell") and (windows or shell is not None):
        stops = "$ErrorActionPreference = 'Stop'" in script
        checked = all("$LASTEXITCODE" in line or line.startswith(("$", "if", "}")) for line in lines)
        return None if stops and checked else f"PowerShell on {system} counts only the last command's exit code"
    set_e = lines[0].startswith("set -") and "e" in lines[0].split()[1]
    pipefail = "pipefail" in lines[0]
    if shell is None:  # bash -e {0} on Linux and macOS: stops at a failure, not one inside a pipeline
        return "a pipeline's failure is lost without pipefail (shell: bash)" if piped and not pipefail else None
    if shell in ERREXIT_SHELLS:
        if piped and not (ERREXIT_SHELLS[shell] or pipefail):
            return f"shell: {shell} loses a pipeline's failure"
        return None
    return None if set_e else f"shell: {shell} does not stop at the first failure (no set -e)"


def all_steps():
    for name in NAMES:
        workflow = yaml.safe_load((WORKFLOWS / name).read_text())
        for job_name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                for system in systems(job):
                    yield name, job_name, step, job, workflow, system


def test_every_step_of_several_commands_stops_at_the_first_failure_on_every_system():
    found = [
        f"{name} {job_name} '{step.get('name', step.get('id', step['run'][:30]))}' on {system}: {why}"
        for name, job_name, step, job, workflow, system in all_steps()
        if (why := why_it_may_not_fail(step, job, workflow, system)) is not None
    ]
    assert found == []


PWSH_CHECKED = (
    "$ErrorActionPreference = 'Stop'\n"
    "ruff check .; if ($LASTEXITCODE) { exit $LASTEXITCODE }\n"
    "mypy; if ($LASTEXITCODE) { exit $LASTEXITCODE }\n"
)


@pytest.mark.parametrize(
    "step, system, why",
    [
        ({"run": "ruff check .\nruff format --check .\nmypy\n"}, "windows-latest", "PowerShell on windows-latest"),
        ({"run": "ruff check .\nmypy\n"}, "ubuntu-latest", None),  # bash -e
        ({"run": "a | b\n"}, "ubuntu-latest", "pipefail"),
        ({"run": "a | b\n", "shell": "bash"}, "ubuntu-latest", None),  # bash -eo pipefail
        ({"run": "ruff check .\nmypy\n", "shell": "bash"}, "windows-latest", None),
        ({"run": "a\nb\n", "shell": "python"}, "ubuntu-latest", "does not stop"),
        ({"run": PWSH_CHECKED}, "windows-latest", None),
        ({"run": PWSH_CHECKED.replace("$ErrorActionPreference = 'Stop'\n", "")}, "windows-latest", "PowerShell"),
        ({"run": "python -m pip install ."}, "windows-latest", None),  # one command
    ],
)
def test_the_check_of_steps_knows_each_shell(step, system, why):
    found = why_it_may_not_fail(step, {"runs-on": system}, {}, system)
    assert (found is None) if why is None else (found is not None and why in found)
