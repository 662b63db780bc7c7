"""The installed command as a whole process: version, help, exit codes, and concurrent adds."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert set(commands) == {
        "status",
        "add",
        "update",
        "import",
        "list",
        "validate",
        "boroughs",
        "summary",
        "chart",
        "map",
        "forms",
        "init",
        "cache",
        "remove",
        "post",
        "site",
    }
    for name, command in commands.items():
        assert command.help, f"{name} has no help"
        assert f"apprentrack {name}" in readme, f"README has no example of {name}"
        examples = (command.epilog or "").splitlines()
        assert examples and all(e.startswith(f"apprentrack {name}") for e in examples), f"{name} has no example"
        assert f"| `apprentrack {name}` | {command.short_help} |" in readme, f"README's list of commands lacks {name}"
    for code in ("0", "1", "2", "3", "130"):
        assert re.search(rf"\|\s*{code}\s*\|", readme), f"exit code {code} is not documented in the README"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_works_without_a_data_dir(tmp_path, flag):
    result = apprentrack(flag, data_dir=tmp_path / "missing")
    assert result.returncode == 0 and "status" in result.stdout
