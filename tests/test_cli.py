"""The installed command as a whole process: version, help, exit codes, and concurrent adds."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from apprentrack import __version__
from apprentrack.cli import app

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def apprentrack(*args, data_dir, **kwargs):
    """The `apprentrack` script installed beside this Python, as a user runs it."""
    exe = shutil.which("apprentrack", path=str(BIN))
    assert exe, "the apprentrack command is not installed beside this Python"
    return subprocess.run([exe, "--data-dir", str(data_dir), *args], capture_output=True, text=True, **kwargs)


def test_installed_command_status_json(data_dir):
    result = apprentrack("status", "--as-of", "2020-03-11", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["counted"], data["target"]) == (73, 100)
    assert result.stderr == ""


def test_installed_command_errors_without_traceback(data_dir):
    result = apprentrack("add", "-b", "Narnia", "--role", "Dev", "--start-date", "2020-01-06", data_dir=data_dir)
    assert result.returncode == 2
    assert "Error: --borough: no London borough matches 'Narnia'" in result.stderr
    assert "Traceback" not in result.stderr
    result = apprentrack("validate", data_dir=data_dir / "missing")
    assert result.returncode == 2 and "no data directory at" in result.stderr


def test_python_m_and_version():
    result = subprocess.run([sys.executable, "-m", "apprentrack", "--version"], capture_output=True, text=True)
    assert result.stdout == f"apprentrack {__version__}\n"


def test_every_command_has_help_and_is_in_the_readme():
    from typer.main import get_command

    readme = (ROOT / "README.md").read_text()
    commands = get_command(app).commands
    assert set(commands) == {"status", "add", "list", "validate", "boroughs", "summary", "chart"}
    for name, command in commands.items():
        assert command.help, f"{name} has no help"
        assert f"apprentrack {name}" in readme, f"README has no example of {name}"
    for code in ("0", "1", "2", "130"):
        assert re.search(rf"\|\s*{code}\s*\|", readme), f"exit code {code} is not documented in the README"


def test_concurrent_adds_all_land_with_distinct_ids(data_dir):
    """20 processes released together (each waits on its stdin until all are ready; no sleeps)."""
    boroughs = ["hackney", "camden", "brent", "hackney", "sutton"] * 4
    launcher = (
        "import sys; from apprentrack.cli import main; "
        "print('ready', flush=True); sys.stdin.read(1); "
        "sys.argv = ['apprentrack', *sys.argv[1:]]; main()"
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = []
    for i, slug in enumerate(boroughs):
        args = ["--data-dir", str(data_dir), "add", "-b", slug, "--role", f"Role {i}", "--start-date", "2020-03-02"]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", launcher, *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    for p in procs:  # the barrier: every process is imported and waiting
        assert p.stdout.readline() == "ready\n"
    for p in procs:
        p.stdin.write("go")
        p.stdin.close()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()

    roles = {}
    for slug in set(boroughs):
        for record in yaml.safe_load((data_dir / "apprentices" / f"{slug}.yaml").read_text()):
            roles[record["id"]] = record["role"]
    added = {i: r for i, r in roles.items() if r.startswith("Role ")}
    assert sorted(added.values()) == sorted(f"Role {i}" for i in range(20))  # every add landed, once
    assert len(added) == 20  # with distinct ids
    assert sorted(i for i in added if i.startswith("hackney-")) == [f"hackney-{n:04d}" for n in range(14, 22)]
    result = apprentrack("validate", data_dir=data_dir)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_works_without_a_data_dir(tmp_path, flag):
    result = apprentrack(flag, data_dir=tmp_path / "missing")
    assert result.returncode == 0 and "status" in result.stdout
