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
from helpers import GITHUB_BASH, ROOT, Cli, copy_fixture, form

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
        "logged": __import__("apprentrack.domain.dates").domain.dates.today().isoformat(),
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


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("2020-06-30T23:30:00Z", "2020-07-01"),  # summer: London is an hour ahead of UTC
        ("2020-01-10T23:30:00Z", "2020-01-10"),  # winter: London is on UTC
        ("2020-07-01T00:30:00+02:00", "2020-06-30"),
        ("2020-03-11", "2020-03-11"),
    ],
)
def test_logged_takes_the_moment_an_issue_was_opened_as_londons_date(cli, moment, day):
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--logged", moment)
    added = next(r for r in json.loads(cli("list", "-b", "hackney", "-f", "json").stdout) if r["id"] == "hackney-0025")
    assert added["logged"] == day


def test_a_moment_without_its_offset_is_refused(cli):
    result = cli(
        "add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--logged", "2020-06-30T23:30:00", code=2
    )
    assert "--logged: '2020-06-30T23:30:00' has no offset from UTC" in result.stderr


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
"""A stand-in for GitHub's `gh`: answers what intake.sh asks, as GitHub would, and records what it does, in
$GH_STATE. Its --jq expressions are the script's own, each answered here; any other is refused, so that a
change to the script is a change to this stand-in too."""
import json, os, sys
path = os.environ["GH_STATE"]
state = json.load(open(path))
args = sys.argv[1:]
state["calls"].append(args)
def value(flag, default=None):
    return args[args.index(flag) + 1] if flag in args else default
def prs(head=None, status="open"):
    return [
        {"number": pr["number"], "headRefName": pr["head"], "isCrossRepository": pr.get("cross", False)}
        for pr in state["prs"]
        if pr.get("state", "open") == status and (head is None or pr["head"] == head)
    ]
JQ = {
    ".[].number": lambda found: [str(pr["number"]) for pr in found],
    "map(select(.isCrossRepository | not)) | .[0].number // empty": lambda found: [
        str(pr["number"]) for pr in found if not pr["isCrossRepository"]][:1],
    '.[] | select(.isCrossRepository | not) | .headRefName | select(startswith("intake/issue-"))': lambda found: [
        pr["headRefName"] for pr in found if not pr["isCrossRepository"] and pr["headRefName"][:13] == "intake/issue-"],
    '.[].headRefName | select(startswith("intake/issue-"))': lambda found: [  # what the script asked before issue 22
        pr["headRefName"] for pr in found if pr["headRefName"].startswith("intake/issue-")],
    ".body": lambda issue: [issue["body"]],
    ".createdAt": lambda issue: [issue["createdAt"]],
    ".state | ascii_downcase": lambda issue: [issue["state"].lower()],
    ".permission": lambda answer: [answer["permission"]],
}
def answer(found):
    jq = value("--jq")
    if jq not in JQ:
        sys.exit(f"gh stand-in: --jq {jq!r} is not one the script asks")
    for line in JQ[jq](found):
        print(line)
if args[:2] == ["auth", "setup-git"]:
    pass
elif args[:2] == ["issue", "comment"]:
    state["comments"].append({"issue": args[2], "body": open(value("--body-file")).read()})
elif args[:2] == ["issue", "view"]:
    answer(state["issues"][args[2]])
elif args[:2] == ["pr", "list"]:
    answer(prs(value("--head"), value("--state", "open")))
elif args[:2] == ["pr", "create"]:
    number = len(state["prs"]) + 1
    state["prs"].append({"number": number, "head": value("--head"), "title": value("--title"),
                         "body": open(value("--body-file")).read(), "state": "open"})
elif args[0] == "api" and args[1].endswith("/permission"):
    repo, login = args[1].split("/")[1:3], args[1].split("/")[4]
    if "/".join(repo) != os.environ.get("GH_REPO") or login.lower() not in state["permissions"]:
        sys.exit("gh: Not Found (HTTP 404)")
    answer({"permission": state["permissions"][login.lower()]})
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
        people = {"hackney-lead": "write", "second-lead": "admin", "camden-lead": "write", "data-lead": "write"}
        self.state.write_text(json.dumps({"calls": [], "comments": [], "prs": [], "issues": {}, "permissions": people}))

    def gh(self) -> dict:
        return json.loads(self.state.read_text())

    def event(
        self,
        number: int,
        body: str,
        sender: str,
        label: str = "new-apprentice",
        action: str = "opened",
        state: str = "open",
        created: str = "2020-06-30T23:30:00Z",  # London's 1 July 2020 (summer time)
        changes: dict | None = None,
    ) -> dict:
        """The parts of GitHub's `issues` event payload the workflow reads; the issue as the API gives it."""
        issue = {
            "number": number, "body": body, "labels": [{"name": label}], "user": {"login": sender},
            "state": state, "created_at": created,
        }  # fmt: skip
        self.update(
            lambda s: s["issues"].update({str(number): {"body": body, "createdAt": created, "state": state.upper()}})
        )
        event = {"action": action, "issue": issue, "sender": {"login": sender}}
        event |= {"repository": {"default_branch": "main", "full_name": "loti/apprentices"}}
        if changes is not None:
            event["changes"] = changes
        return event

    def edited(self, number: int, body: str, sender: str, **more) -> dict:
        """An `edited` event: its body changed (or only its title, with title_only)."""
        title_only = more.pop("title_only", False)
        changes = {"title": {"from": "Before"}} if title_only else {"body": {"from": "before"}}
        return self.event(number, body, sender, action="edited", changes=changes, **more)

    def update(self, change) -> None:
        state = self.gh()
        change(state)
        self.state.write_text(json.dumps(state))

    def merge(self, number: int) -> None:
        """The pull request of issue `number` merged: main is its branch, the pull request merged."""
        git(self.origin, "update-ref", "refs/heads/main", f"refs/heads/intake/issue-{number}")

        def merged(state):
            for pr in state["prs"]:
                if pr["head"] == f"intake/issue-{number}":
                    pr["state"] = "merged"

        self.update(merged)

    def run_intake(self, event: dict, job: str = "intake") -> subprocess.CompletedProcess[str]:
        """The job's steps after checkout and install, in a fresh checkout, with the env the workflow sets."""
        runner = self.tmp / f"runner-{len(list(self.tmp.glob('runner-*')))}"
        git(self.tmp, "clone", "-q", str(self.origin), str(runner))
        steps = yaml.safe_load(WORKFLOW.read_text())["jobs"][job]["steps"]
        (step,) = [s for s in steps if "intake.sh" in s.get("run", "")]
        env = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}"}
        env |= {"GH_STATE": str(self.state), "GIT_TERMINAL_PROMPT": "0"}
        env |= {"GITHUB_REPOSITORY": "loti/apprentices"}
        env |= {name: evaluate(expression, event) for name, expression in step["env"].items()}
        return subprocess.run([*GITHUB_BASH, step["run"]], cwd=runner, env=env, capture_output=True, text=True)

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
        "github.event.issue.created_at": lambda: event["issue"]["created_at"],
        "github.event.issue.state": lambda: event["issue"]["state"],
        "(github.event.action != 'edited' || github.event.changes.body) && 'yes' || 'no'": lambda: (
            "yes" if event.get("action") != "edited" or event.get("changes", {}).get("body") else "no"
        ),
        "github.repository": lambda: event["repository"]["full_name"],
        "github.token": lambda: "a-token",
        "contains(github.event.issue.labels.*.name, 'new-apprentice') && 'add' || 'update'": lambda: (
            "add" if "new-apprentice" in labels else "update"
        ),
    }
    assert inner in known, f"the test does not know how GitHub evaluates {expression}"
    return known[inner]()


REFRESH = {"repository": {"default_branch": "main", "full_name": "loti/apprentices"}}  # a push to main


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
    assert "- ` @camden-lead may not change Hackney's records from a form" in comment["body"]  # in code: no mention
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
    subprocess.run([*GITHUB_BASH, key_step["run"]], cwd=github.tmp, env=env, check=True)
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
    refresh = github.run_intake(REFRESH, job="refresh")
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


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("data/*", "data/boroughs.yaml", True),
        ("data/*", "data/apprentices/hackney.yaml", False),  # '*' at the end: that folder's files only
        ("docs/*", "docs/build-app/troubleshooting.md", False),  # GitHub's own example
        ("*.yaml", "data/apprentices/hackney.yaml", True),  # one name: at any depth
        ("hackney.yaml", "data/apprentices/hackney.yaml", True),
        ("hackney.yaml", "data/apprentices/hackney.yaml.orig", False),
        ("apprentices/", "data/apprentices/hackney.yaml", True),  # a folder anywhere: everything under it
        ("/apprentices/", "data/apprentices/hackney.yaml", False),  # from the root only
        ("data/apprentices", "data/apprentices/hackney.yaml", True),  # a folder: everything under it
        ("apprentices/hackney.yaml", "data/apprentices/hackney.yaml", False),  # a '/' inside anchors it
        ("data/**", "data/apprentices/hackney.yaml", True),
        ("data/**/hackney.yaml", "data/apprentices/hackney.yaml", True),
        ("**/apprentices/*.yaml", "data/apprentices/hackney.yaml", True),
        ("data/apprentices/h?ckney.yaml", "data/apprentices/hackney.yaml", True),
        ("data/apprentices/*.yaml", "data/apprentices/old/hackney.yaml", False),
        ("Data/", "data/apprentices/hackney.yaml", False),  # paths are case-sensitive
        ("*", "data/apprentices/hackney.yaml", True),
    ],
)
def test_codeowners_patterns_match_as_on_github(pattern, path, matches):
    assert owners(f"{pattern} @someone\n", path) == (["@someone"] if matches else [])


def test_codeowners_the_last_match_wins_even_with_no_owners():
    text = "* @everyone\ndata/apprentices/ @leads\ndata/apprentices/hackney.yaml\n# a comment\n"
    assert owners(text, "data/apprentices/hackney.yaml") == []  # a later line with no owners: none
    assert owners(text, "data/apprentices/camden.yaml") == ["@leads"]
    assert owners("data/apprentices/ @a #@b a comment\n", "data/apprentices/x.yaml") == ["@a"]


@pytest.mark.slow
def test_a_data_star_line_gives_no_one_a_borough_file(repo, tmp_path):
    """`data/*` owns data/boroughs.yaml, not the files in data/apprentices/: GitHub would not ask its owner
    to review a borough's file, so a form from them is refused."""
    (repo / ".github" / "CODEOWNERS").write_text("data/* @data-lead\n")
    refused = run(repo, "add", "--from-issue-form", "-", "--author", "data-lead", input=form())
    assert refused.returncode == 1 and "@data-lead may not change Hackney's records" in refused.stderr
    assert "listed for data/apprentices/hackney.yaml in CODEOWNERS may (nobody yet)" in refused.stderr


def outside_code(markdown: str) -> str:
    """The text of a comment outside its code (fenced blocks and code spans), where GitHub renders markup and
    turns @name into a mention."""
    import re

    text = re.sub(r"^(`{3,})[^\n]*\n.*?^\1\s*$", "", markdown, flags=re.MULTILINE | re.DOTALL)  # fenced blocks
    return re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", text)  # code spans, matched by their backtick runs


@pytest.mark.slow
def test_form_values_quoted_in_a_comment_mention_nobody_and_make_no_markup(github):
    hostile = "@octocat <img src=x onerror=alert(1)> [a link](https://example.org) #1 **bold** ``x`` `"
    body = form(Borough=hostile, Level=f"Level {hostile}")
    assert github.run_intake(github.event(12, body, "hackney-lead")).returncode == 0
    (comment,) = github.gh()["comments"]
    assert "@octocat" in comment["body"] and "<img" in comment["body"]  # quoted, so the author sees it
    rendered = outside_code(comment["body"])
    for danger in ("@", "<", "[", "#1", "**"):
        assert danger not in rendered, (danger, comment["body"])


@pytest.mark.slow
def test_a_failed_validate_is_quoted_in_a_block_nothing_in_the_data_can_close(github, tmp_path):
    """A file on main broken by hand, holding a run of backticks and a mention: the comment quotes validate's
    report in a block fenced longer than any run of backticks in it."""
    checkout = tmp_path / "maintainer"
    git(tmp_path, "clone", "-q", str(github.origin), str(checkout))
    (checkout / "data" / "apprentices" / "merton.yaml").write_text(
        "- id: merton-0001\n  role: ['```` @octocat <b>x']\n"
    )
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "A broken file")
    git(checkout, "push", "-q", "origin", "main")
    assert github.run_intake(github.event(13, form(), "hackney-lead")).returncode == 1  # validate failed
    (comment,) = github.gh()["comments"]
    assert "@octocat" in comment["body"] and "\n`````\n" in comment["body"]
    assert "@" not in outside_code(comment["body"])


@pytest.mark.slow
def test_a_sender_listed_in_codeowners_without_write_access_is_refused(github):
    """GitHub ignores a CODEOWNERS line of someone who may not write to the repository; so does the intake,
    having asked GitHub (here, the stand-in) what the sender may do."""
    github.update(lambda state: state["permissions"].update({"hackney-lead": "read"}))
    assert github.run_intake(github.event(14, form(), "hackney-lead")).returncode == 0
    state = github.gh()
    assert ["api", "repos/loti/apprentices/collaborators/hackney-lead/permission", "--jq", ".permission"] in state[
        "calls"
    ]
    (comment,) = state["comments"]
    assert comment["body"].startswith("This form could not be used, so nothing was changed.")
    assert "hackney-lead has no write access to this repository" in comment["body"]
    assert state["prs"] == []
    with pytest.raises(subprocess.CalledProcessError):
        github.branch_file("intake/issue-14")  # never pushed


@pytest.mark.slow
def test_editing_an_issue_already_turned_into_a_hire_never_adds_it_again(github):
    body = form()
    assert github.run_intake(github.event(15, body, "hackney-lead")).returncode == 0
    github.merge(15)  # its pull request merged: the hire is on main
    main_before = github.branch_file("main")
    assert main_before.count("ref: HR-2020-117") == 1
    edits = [
        github.edited(15, body.replace("HR-2020-117", "HR-2020-999"), "hackney-lead"),  # the body, open
        github.edited(15, body, "hackney-lead", title_only=True),  # the title only
        github.edited(15, body.replace("Software", "Senior Software"), "hackney-lead", state="closed"),  # closed
    ]
    for edit in edits:
        assert github.run_intake(edit).returncode == 0
    state = github.gh()
    assert len(state["prs"]) == 1 and state["prs"][0]["state"] == "merged"  # no new pull request
    assert github.branch_file("intake/issue-15") == main_before  # the branch was not made again
    assert github.branch_file("main") == main_before
    _, *later = state["comments"]
    assert len(later) == 1 and "turned into a hire by pull request #1, merged already" in later[0]["body"]


@pytest.mark.slow
def test_a_pull_request_from_a_fork_cannot_stop_or_steer_the_refresh(github):
    """Forks may name a branch anything, intake/issue-<n> included: the refresh takes only this repository's
    own branches, each on its own, so neither a fork's nor a broken branch stops the others."""
    assert github.run_intake(github.event(10, form(), "hackney-lead")).returncode == 0
    second = form(**{"Your borough's reference": "HR-2020-200", "Role": "Data Analyst"})
    assert github.run_intake(github.event(11, second, "hackney-lead")).returncode == 0
    github.merge(10)
    forks = [
        {"number": 90, "head": "intake/issue-99", "cross": True, "state": "open"},  # no such branch here
        {"number": 91, "head": "intake/issue-11", "cross": True, "state": "open"},  # a real one's name
        {"number": 92, "head": "intake/issue-1*", "cross": True, "state": "open"},  # a glob
    ]
    github.update(lambda state: state.update(prs=forks + state["prs"]))
    refresh = github.run_intake(REFRESH, job="refresh")
    assert refresh.returncode == 0, refresh.stderr
    records = github.branch_file("intake/issue-11")
    assert "id: hackney-0026" in records and records.count("HR-2020-200") == 1
    asked = [call for call in github.gh()["calls"] if call[:2] == ["issue", "view"]]
    assert {call[2] for call in asked} == {"11"}  # no fork's branch was looked at


@pytest.mark.slow
def test_a_broken_intake_branch_stops_no_other_in_the_refresh(github):
    """A pull request of this repository whose branch is gone (deleted as the refresh ran): that one fails,
    and is named; the others are refreshed all the same."""
    assert github.run_intake(github.event(10, form(), "hackney-lead")).returncode == 0
    second = form(**{"Your borough's reference": "HR-2020-200", "Role": "Data Analyst"})
    assert github.run_intake(github.event(11, second, "hackney-lead")).returncode == 0
    github.update(lambda state: state.update(prs=[{"number": 80, "head": "intake/issue-5"}, *state["prs"]]))
    github.merge(10)
    refresh = github.run_intake(REFRESH, job="refresh")
    assert refresh.returncode == 1 and "could not refresh intake/issue-5" in refresh.stderr
    assert "id: hackney-0026" in github.branch_file("intake/issue-11")  # refreshed all the same


@pytest.mark.slow
def test_the_hire_is_logged_on_the_day_its_issue_was_opened_and_keeps_it(github):
    """The issue was opened at 23:30 UTC on 30 June 2020: 1 July in London. The record says so, and still does
    once its branch is made again on a new main."""
    assert github.run_intake(github.event(10, form(), "hackney-lead")).returncode == 0
    second = form(**{"Your borough's reference": "HR-2020-200", "Role": "Data Analyst"})
    assert (
        github.run_intake(github.event(11, second, "hackney-lead", created="2020-03-11T09:30:00+00:00")).returncode == 0
    )
    assert "logged: 2020-07-01" in github.branch_file("intake/issue-10")
    assert "logged: 2020-03-11" in github.branch_file("intake/issue-11")
    github.merge(10)
    assert github.run_intake(REFRESH, job="refresh").returncode == 0
    records = github.branch_file("intake/issue-11")
    assert "id: hackney-0026" in records and records.count("logged: 2020-03-11") == 1
