"""What the tests share: running the command line in-process, copying data, comparing trees, and
releasing processes together. Fixtures live in conftest.py; tests import these by name."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from apprentrack.cli import app

# Typer's CliRunner makes the app's Click commands again for every call (about 30 ms for fourteen
# commands); the app does not change during the tests, so they are made once.
typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]

# For tests of what only POSIX systems have (signals sent to a process, permission bits that bind,
# symbolic links without privileges): the suite runs on Windows without them.
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX only")

# The repository the tests are in, for its own files (README.md, .github/, src/, benchmarks/).
ROOT = Path(__file__).resolve().parent.parent

# The shipped data as it was made to agree with the public figures, frozen: figures are asserted on this,
# never on the live data/, which boroughs change every week.
FIXTURE = ROOT / "tests" / "fixtures" / "loti-2020"


# How GitHub runs a step with `shell: bash` (every workflow step of several commands says so): the tests run
# the workflows' scripts the same way.
GITHUB_BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]


def snapshot_tree(root: Path) -> dict[str, bytes]:
    """Every data file's bytes under root: compare before and after to prove no change. Lock files are
    not data (a write leaves its lock file beside the record file); the cache is not in the data dir."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


class Cli:
    """Runs `apprentrack --data-dir <dir> ...` in-process and keeps stdout and stderr apart."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):
        result = self.runner.invoke(app, ["--data-dir", str(self.data_dir), *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.output
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result


def copy_fixture(target: Path) -> Path:
    """A copy of the frozen fixture, without lock or temporary files a run may have left in it."""
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns(".*.lock", ".*.tmp"))
    return target


TINY_BOROUGHS = """\
programme:
  name: Tiny programme
  target: 10
  start: 2021-01-04
  deadline: 2021-03-28
  recent_weeks: 4
boroughs:
  - slug: hackney
    name: Hackney
    code: E09000012
    area: inner
    member_since: 2021-01-04
    pledge: 6
  - slug: camden
    name: Camden
    code: E09000007
    area: inner
    member_since: 2021-01-04
  - slug: croydon
    name: Croydon
    code: E09000008
    area: outer
"""


# One process imports apprentrack and what a write loads, then forks a child a command (so fifty writers
# cost one import, not fifty); each child waits at a barrier, a pipe it reads one byte from, and runs its
# command when the parent writes a byte a child, all at once. They race for real, with no sleeps. Where
# there is no fork (Windows), each command is a process of its own that waits for a byte on its stdin.
ZYGOTE = r"""
import json, os, sys, traceback
from apprentrack.__main__ import main
import apprentrack.cli.app, apprentrack.cli.records, apprentrack.storage.writer, apprentrack.figures.snapshot
import apprentrack.domain.models, filelock
folder, commands = sys.argv[1], json.loads(sys.argv[2])
gate, release = os.pipe()
children = []
for n, args in enumerate(commands):
    pid = os.fork()
    if pid == 0:
        os.close(release)
        for fd, name in ((1, "out"), (2, "err")):
            os.dup2(os.open(os.path.join(folder, f"{n}.{name}"), os.O_WRONLY | os.O_CREAT, 0o600), fd)
        os.read(gate, 1)
        sys.argv, code = ["apprentrack", *args], 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        except BaseException:  # never back into the loop: a child only ever runs its command
            traceback.print_exc()
            code = 1
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(code)
    children.append(pid)
print("ready", flush=True)
sys.stdin.read(1)
os.write(release, b"x" * len(commands))
print(json.dumps([os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]), flush=True)
"""
LAUNCHER = (
    "import sys; from apprentrack.__main__ import main; import apprentrack.cli; "
    "print('ready', flush=True); sys.stdin.read(1); "
    "sys.argv = ['apprentrack', *sys.argv[1:]]; main()"
)


def run_together(
    commands: list[list[str]], *, env: dict[str, str] | None = None, cwd: Path | None = None, text: bool = True
) -> list[subprocess.CompletedProcess]:
    """Start every command (apprentrack arguments) as a process of its own, wait until all are ready,
    release them together: (exit code, stdout, stderr) each, as text or, with text=False, bytes."""
    env = {**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"}
    if not hasattr(os, "fork"):
        return _run_each_alone(commands, env, cwd, text)
    with tempfile.TemporaryDirectory() as folder:
        zygote = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, folder, json.dumps(commands)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
            env=env,
            text=True,
        )
        assert zygote.stdout is not None and zygote.stdin is not None
        assert zygote.stdout.readline() == "ready\n"
        zygote.stdin.write("go")
        zygote.stdin.close()
        codes = json.loads(zygote.stdout.readline())
        assert zygote.wait(timeout=300) == 0
        read = Path.read_text if text else Path.read_bytes
        out = [[read(Path(folder) / f"{n}.{name}") for name in ("out", "err")] for n in range(len(commands))]
    return [subprocess.CompletedProcess(args, code, *o) for args, code, o in zip(commands, codes, out, strict=True)]


def _run_each_alone(commands: list[list[str]], env: dict[str, str], cwd: Path | None, text: bool):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        for args in commands
    ]
    for p in procs:  # the barrier
        assert p.stdout.readline() == b"ready\n"
    for p in procs:
        p.stdin.write(b"go")
        p.stdin.close()
    results = []
    for args, p in zip(commands, procs, strict=True):
        out, err = p.stdout.read(), p.stderr.read()  # a few lines each: no pipe fills up
        if text:
            out, err = out.decode(), err.decode()
        results.append(subprocess.CompletedProcess(args, p.wait(timeout=300), out, err))
    return results


def start_paused(data_dir: Path, point: str, *args: str) -> subprocess.Popen[bytes]:
    """`apprentrack --data-dir DIR ARGS...` stopped at `point` of its write (APPRENTRACK_PAUSE_AT), having
    said so; it goes on when given a byte on stdin, or is killed or interrupted there by the test."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "APPRENTRACK_PAUSE_AT": point},
    )
    assert proc.stderr is not None and proc.stderr.readline() == f"paused at {point}\n".encode()
    return proc


def temp_files(data_dir: Path) -> list[Path]:
    """The temporary files a write left in apprentices/ (there should be none)."""
    return sorted((data_dir / "apprentices").glob(".*.tmp"))


LOTI_CORE = (
    "Barking and Dagenham,Brent,Camden,Ealing,Greenwich,Hackney,Haringey,Islington,Kensington and Chelsea,"
    "Lambeth,Lewisham,Southwark,Tower Hamlets,Waltham Forest,Westminster"
)


def new_programme(tmp_path: Path, members: str = LOTI_CORE) -> Cli:
    """An empty programme made by `init` like the shipped one (its 15 members from its start)."""
    root = tmp_path / "fresh"
    result = Cli(root)(
        "init",
        str(root),
        "--name",
        "LOTI Digital Apprentices",
        "--target",
        "100",
        "--start",
        "2019-06-10",
        "--deadline",
        "2020-09-30",
        "--members",
        members,
    )
    assert f"Created {root / 'boroughs.yaml'}" in result.stdout
    return Cli(root)


# An issue form filled in, as the intake's forms ask for it (github/forms.py): the labels, in order, with a
# value each (None: left empty).
FORM_FIELDS = {
    "Borough": "Hackney",
    "Role": "Software Developer",
    "Start date": "02/11/2020",
    "Status": "in post",
    "Level": "4",
    "Apprenticeship standard": None,
    "Your borough's reference": "HR-2020-117",
    "End date": None,
    "Personal data": "- [X] This form holds no name, e-mail or other personal data",
}


def form(newline: str = "\n", **changes: str | None) -> str:
    """A form's body as GitHub writes it: '### Label', a blank line, the value or '_No response_'."""
    fields = {**FORM_FIELDS, **{k.replace("_", " "): v for k, v in changes.items()}}
    parts = [f"### {label}{newline}{newline}{value or '_No response_'}" for label, value in fields.items()]
    return (newline * 2).join(parts) + newline
