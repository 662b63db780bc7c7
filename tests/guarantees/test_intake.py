"""The web-form intake: issue forms as GitHub writes them, read by `add`/`update --from-issue-form`; the
sender checked against CODEOWNERS; and the intake workflow's steps run on a copy of the data, with an event
payload built as GitHub sends it, a local bare repository as GitHub, and a stand-in for `gh`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, Cli, copy_fixture, form

from apprentrack.github.codeowners import owners
from apprentrack.github.forms import read_form

WORKFLOW = ROOT / ".github" / "workflows" / "intake.yml"
BIN = Path(sys.executable).parent

CODEOWNERS = """\
# Borough leads
data/apprentices/*.yaml @programme-office
/data/apprentices/hackney.yaml @hackney-lead @Second-Lead  # the last match wins
data/apprentices/camden.yaml @camden-lead
"""


@pytest.fixture
def repo(tmp_path):
    """A repository: the frozen data, a CODEOWNERS."""
    root = tmp_path / "repo"
    copy_fixture(root / "data")
    (root / ".github").mkdir()
    (root / ".github" / "CODEOWNERS").write_text(CODEOWNERS)
    return root


def run(root: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["apprentrack", *args], cwd=root, env=env, input=input, capture_output=True, text=True)


def hackney(root: Path) -> str:
    return (root / "data" / "apprentices" / "hackney.yaml").read_text()


# --------------------------------------------------------------------------------------- the command


def test_a_form_with_crlf_a_uk_date_and_stray_spaces_adds_one_record(cli, tmp_path):
    body = form("\r\n", Borough="  Hackney  ", Role=" Software Developer ")
    (tmp_path / "form.md").write_bytes(body.encode())
    result = cli("add", "--from-issue-form", str(tmp_path / "form.md"))
    assert result.stdout.startswith("Added hackney-0025 to ")
    record = json.loads(cli("list", "-b", "hackney", "-f", "json").stdout)[-1]
    assert record == {
        "borough": "hackney",
        "id": "hackney-0025",
        "role": "Software Developer",
        "standard": None,
        "level": 4,
        "start_date": "2020-11-02",
        "status": "in_post",
        "end_date": None,
        "ref": "HR-2020-117",
    }


def test_every_problem_is_named_by_the_forms_label_and_nothing_is_written(cli, tmp_path):
    before = (cli.data_dir / "apprentices" / "hackney.yaml").read_bytes()
    body = form(Borough="Hackny", Start_date="31/02/2020", Level="Level 9", Personal_data=None)
    (tmp_path / "form.md").write_text(body)
    result = cli("add", "--from-issue-form", str(tmp_path / "form.md"), code=1)
    assert result.stderr.splitlines() == [
        "Error: Personal data: tick 'This form holds no name, e-mail or other personal data' (and make it true)",
        "Error: Borough: no London borough matches 'Hackny'; did you mean Hackney? "
        "(`apprentrack boroughs` lists them all)",
        "Error: Start date: '31/02/2020' is not a real date (day is out of range for month)",
        "Error: Level: 'Level 9' is not a level: write a number from 2 to 7",
        "Nothing was written.",
    ]
    assert (cli.data_dir / "apprentices" / "hackney.yaml").read_bytes() == before


def test_an_e_mail_in_the_reference_is_refused_in_the_forms_words(cli, tmp_path):
    (tmp_path / "form.md").write_text(form(**{"Your borough's reference": "jo.bloggs@hackney.gov.uk"}))
    result = cli("add", "--from-issue-form", str(tmp_path / "form.md"), code=1)
    assert result.stderr.startswith("Error: Your borough's reference: looks like an e-mail address;")
    assert "hackney-0025" not in cli("list", "-b", "hackney").stdout


def test_a_required_field_left_empty(cli, tmp_path):
    (tmp_path / "form.md").write_text(form(Role=None))
    assert (
        "Error: Role: required; fill it in" in cli("add", "--from-issue-form", str(tmp_path / "form.md"), code=1).stderr
    )


def test_the_form_gives_every_field(cli, tmp_path):
    (tmp_path / "form.md").write_text(form())
    result = cli("add", "--from-issue-form", str(tmp_path / "form.md"), "--role", "Data Analyst", code=2)
    assert "give no other field's option" in result.stderr


def test_an_update_form_records_a_change_of_status(cli, tmp_path):
    body = "### Record id\n\nhackney-0003\n\n### New status\n\ncompleted\n\n### End date\n\n30/09/2020\n"
    (tmp_path / "form.md").write_text(body)
    cli("update", "--from-issue-form", str(tmp_path / "form.md"))
    record = next(r for r in json.loads(cli("list", "-f", "json").stdout) if r["id"] == "hackney-0003")
    assert (record["status"], record["end_date"]) == ("completed", "2020-09-30")


def test_read_form_reads_what_github_writes():
    assert read_form("### Role\r\n\r\n  Data Analyst \r\n\r\n### Level\r\n\r\n_No response_\r\n") == {
        "Role": "Data Analyst",
        "Level": None,
    }


# --------------------------------------------------------------------------------------- CODEOWNERS


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data/apprentices/hackney.yaml", ["@hackney-lead", "@Second-Lead"]),
        ("data/apprentices/camden.yaml", ["@camden-lead"]),
        ("data/apprentices/brent.yaml", ["@programme-office"]),
        ("data/boroughs.yaml", []),
    ],
)
def test_codeowners_last_match_wins(path, expected):
    assert owners(CODEOWNERS, path) == expected


def test_only_the_boroughs_people_may_add(repo, tmp_path):
    (tmp_path / "form.md").write_text(form())
    before = hackney(repo)
    cli = Cli(repo / "data")  # the repository (and its CODEOWNERS) is the one the data dir is in
    refused = cli("add", "--from-issue-form", str(tmp_path / "form.md"), "--author", "camden-lead", code=1)
    assert refused.stderr.splitlines()[0] == (
        "Error: @camden-lead may not change Hackney's records from a form: the people listed for "
        "data/apprentices/hackney.yaml in CODEOWNERS may (@hackney-lead, @Second-Lead); ask one of them, or ask "
        "to be added"
    )
    assert hackney(repo) == before
    added = cli("add", "--from-issue-form", "-", "--author", "second-lead", input=form())  # any case
    assert added.stdout.startswith("Added hackney-0025")


# ------------------------------------------------------------------------------------- the workflow

GH = r'''#!/usr/bin/env python3
"""A stand-in for GitHub's `gh`: answers what intake.sh asks and records what it does, in $GH_STATE."""
import json, os, sys
path = os.environ["GH_STATE"]
state = json.load(open(path))
args = sys.argv[1:]
state["calls"].append(args)
def value(flag):
    return args[args.index(flag) + 1]
if args[:2] == ["auth", "setup-git"]:
    pass
elif args[:2] == ["issue", "comment"]:
    state["comments"].append({"issue": args[2], "body": open(value("--body-file")).read()})
elif args[:2] == ["issue", "view"]:
    print(state["issues"][args[2]])
elif args[:2] == ["pr", "list"]:
    heads = [pr["head"] for pr in state["prs"]]
    if "--head" in args:
        print("\n".join(str(i + 1) for i, h in enumerate(heads) if h == value("--head")))
    else:
        print("\n".join(h for h in heads if h.startswith("intake/issue-")))
elif args[:2] == ["pr", "create"]:
    state["prs"].append({"head": value("--head"), "title": value("--title"), "body": open(value("--body-file")).read()})
else:
    sys.exit(f"gh stand-in: not expected: {args}")
json.dump(state, open(path, "w"))
'''


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


class GitHub:
    """A local bare repository as GitHub, a runner's checkout of it, and the stand-in gh."""

    def __init__(self, tmp_path: Path, repo: Path):
        self.tmp = tmp_path
        shutil.copytree(ROOT / ".github" / "scripts", repo / ".github" / "scripts")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "The programme")
        self.origin = tmp_path / "origin.git"
        git(tmp_path, "clone", "-q", "--bare", str(repo), str(self.origin))
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        (self.bin / "gh").write_text(GH.replace("#!/usr/bin/env python3", f"#!{sys.executable}"))
        (self.bin / "gh").chmod(0o755)
        self.state = tmp_path / "gh.json"
        self.state.write_text(json.dumps({"calls": [], "comments": [], "prs": [], "issues": {}}))

    def gh(self) -> dict:
        return json.loads(self.state.read_text())

    def event(self, number: int, body: str, sender: str, label: str = "new-apprentice") -> dict:
        """The parts of GitHub's `issues` event payload the workflow reads."""
        issue = {"number": number, "body": body, "labels": [{"name": label}], "user": {"login": sender}}
        state = self.gh()
        state["issues"][str(number)] = body
        self.state.write_text(json.dumps(state))
        return {
            "action": "opened",
            "issue": issue,
            "sender": {"login": sender},
            "repository": {"default_branch": "main"},
        }

    def run_intake(self, event: dict, job: str = "intake") -> subprocess.CompletedProcess[str]:
        """The job's steps after checkout and install, in a fresh checkout, with the env the workflow sets."""
        runner = self.tmp / f"runner-{len(list(self.tmp.glob('runner-*')))}"
        git(self.tmp, "clone", "-q", str(self.origin), str(runner))
        steps = yaml.safe_load(WORKFLOW.read_text())["jobs"][job]["steps"]
        (step,) = [s for s in steps if "intake.sh" in s.get("run", "")]
        env = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}"}
        env |= {"GH_STATE": str(self.state), "GIT_TERMINAL_PROMPT": "0"}
        env |= {name: evaluate(expression, event) for name, expression in step["env"].items()}
        return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=runner, env=env, capture_output=True, text=True)

    def branch_file(self, branch: str, path: str = "data/apprentices/hackney.yaml") -> str:
        return git(self.origin, "show", f"{branch}:{path}")


def evaluate(expression: str, event: dict) -> str:
    """The workflow's ${{ }} expressions, evaluated as GitHub would for `event`; an unknown one fails."""
    inner = expression.strip().removeprefix("${{").removesuffix("}}").strip()
    labels = [label["name"] for label in event.get("issue", {}).get("labels", [])]
    known = {
        "github.event.issue.body": lambda: event["issue"]["body"],
        "github.event.sender.login": lambda: event["sender"]["login"],
        "github.event.issue.number": lambda: str(event["issue"]["number"]),
        "github.event.repository.default_branch": lambda: event["repository"]["default_branch"],
        "github.token": lambda: "a-token",
        "contains(github.event.issue.labels.*.name, 'new-apprentice') && 'add' || 'update'": lambda: (
            "add" if "new-apprentice" in labels else "update"
        ),
    }
    assert inner in known, f"the test does not know how GitHub evaluates {expression}"
    return known[inner]()


@pytest.fixture
def github(tmp_path, repo):
    return GitHub(tmp_path, repo)


@pytest.mark.slow  # a run of the workflow (git, bash, gh): 'the workflows' of the slow mark
def test_the_workflow_adds_exactly_one_record_and_opens_one_pull_request(github):
    body = form("\r\n")
    result = github.run_intake(github.event(7, body, "hackney-lead"))
    assert result.returncode == 0, result.stderr
    records = github.branch_file("intake/issue-7")
    assert records.count("id: hackney-0025") == 1 and "id: hackney-0026" not in records
    state = github.gh()
    assert [pr["head"] for pr in state["prs"]] == ["intake/issue-7"]
    assert state["prs"][0]["body"].startswith("Closes #7.")
    (comment,) = state["comments"]
    assert comment["body"].startswith("Added hackney-0025 to data/apprentices/hackney.yaml\nHackney now counts 25;")
    # validate passes on the branch, run here as the workflow ran it
    checkout = github.tmp / "check"
    git(github.tmp, "clone", "-q", "-b", "intake/issue-7", str(github.origin), str(checkout))
    assert run(checkout, "validate").returncode == 0

    # An edit runs it again: the branch is made afresh from main, still one record, still one pull request.
    edited = body.replace("HR-2020-117", "HR-2020-118")
    assert github.run_intake(github.event(7, edited, "hackney-lead")).returncode == 0
    records = github.branch_file("intake/issue-7")
    assert records.count("id: hackney-0025") == 1 and "HR-2020-118" in records and "HR-2020-117" not in records
    assert len(github.gh()["prs"]) == 1


@pytest.mark.slow  # a run of the workflow (git, bash, gh): 'the workflows' of the slow mark
def test_a_sender_not_in_codeowners_adds_nothing_and_is_told_who_may(github):
    result = github.run_intake(github.event(8, form(), "camden-lead"))
    assert result.returncode == 0, result.stderr
    with pytest.raises(subprocess.CalledProcessError):
        github.branch_file("intake/issue-8")  # never pushed
    state = github.gh()
    assert state["prs"] == []
    (comment,) = state["comments"]
    assert "- @camden-lead may not change Hackney's records from a form" in comment["body"]
    assert "(@hackney-lead, @Second-Lead)" in comment["body"]


@pytest.mark.slow  # a run of the workflow (git, bash, gh): 'the workflows' of the slow mark
def test_a_body_made_to_break_out_of_the_shell_changes_nothing_and_runs_nothing(github):
    attack = "$(touch pwned1)`touch pwned2`\"; touch pwned3; echo \"\n'; touch pwned4; '"
    body = form(Role=attack, **{"Your borough's reference": "$(touch pwned5)"})
    body = body.replace("### Borough\n\nHackney", "### Borough\n\nHackney$(touch pwned6)")
    result = github.run_intake(github.event(9, body, "hackney-lead"))
    assert result.returncode == 0, result.stderr
    (key_step,) = yaml.safe_load(WORKFLOW.read_text())["jobs"]["borough"]["steps"]
    output = github.tmp / "github-output"
    env = {**os.environ, "BODY": body, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", key_step["run"]], cwd=github.tmp, env=env, check=True)
    assert output.read_text() == "key=hackneytouchpwned\n"  # letters only: a concurrency key, never run
    assert not list(github.tmp.rglob("pwned*"))
    assert github.gh()["prs"] == []
    (comment,) = github.gh()["comments"]
    assert comment["body"].startswith("This form could not be used, so nothing was changed.")


@pytest.mark.slow  # a run of the workflow (git, bash, gh): 'the workflows' of the slow mark
def test_two_forms_for_one_borough_never_merge_with_the_same_id(github):
    assert github.run_intake(github.event(10, form(), "hackney-lead")).returncode == 0
    second = form(**{"Your borough's reference": "HR-2020-200", "Role": "Data Analyst"})
    assert github.run_intake(github.event(11, second, "hackney-lead")).returncode == 0
    assert "id: hackney-0025" in github.branch_file("intake/issue-10")
    assert "id: hackney-0025" in github.branch_file("intake/issue-11")  # both made from the same main
    # issue 10's pull request is merged: main moves on, and the refresh job runs issue 11 again on it.
    git(github.origin, "update-ref", "refs/heads/main", "refs/heads/intake/issue-10")
    state = github.gh()
    state["prs"] = [pr for pr in state["prs"] if pr["head"] == "intake/issue-11"]
    github.state.write_text(json.dumps(state))
    refresh = github.run_intake({"repository": {"default_branch": "main"}}, job="refresh")
    assert refresh.returncode == 0, refresh.stderr
    records = github.branch_file("intake/issue-11")
    assert "id: hackney-0025" in records and "id: hackney-0026" in records and "HR-2020-200" in records
    assert records.count("HR-2020-200") == 1


def test_the_intake_script_is_only_given_data():
    """No ${{ }} in any run: script of the workflow; what comes from the issue goes through env."""
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
