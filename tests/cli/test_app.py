"""The command as a whole: the installed script and `python -m`, --version and --help (with no data dir),
exit codes and errors without a traceback. (--data-dir and the search for data: test_data_dir.py.)"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from apprentrack import __version__

BIN = Path(sys.executable).parent


def apprentrack(*args, data_dir, **kwargs):
    """The `apprentrack` script installed beside this Python, as a user runs it."""
    exe = shutil.which("apprentrack", path=str(BIN))
    assert exe, "the apprentrack command is not installed beside this Python"
    return subprocess.run([exe, "--data-dir", str(data_dir), *args], capture_output=True, text=True, **kwargs)


@pytest.mark.slow
def test_installed_command_status_json(data_dir):
    result = apprentrack("status", "--as-of", "2020-03-11", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["counted"], data["target"]) == (73, 100)
    assert result.stderr == ""


@pytest.mark.slow
def test_installed_command_errors_without_traceback(data_dir):
    result = apprentrack("add", "-b", "Narnia", "--role", "Dev", "--start-date", "2020-01-06", data_dir=data_dir)
    assert result.returncode == 2
    assert "Error: --borough: no London borough matches 'Narnia'" in result.stderr
    assert "Traceback" not in result.stderr
    result = apprentrack("validate", data_dir=data_dir / "missing")
    assert result.returncode == 2 and "no data directory at" in result.stderr


@pytest.mark.slow
def test_python_m_and_version():
    result = subprocess.run([sys.executable, "-m", "apprentrack", "--version"], capture_output=True, text=True)
    assert result.stdout == f"apprentrack {__version__}\n"


@pytest.mark.slow
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_works_without_a_data_dir(tmp_path, flag):
    result = apprentrack(flag, data_dir=tmp_path / "missing")
    assert result.returncode == 0 and "status" in result.stdout


def test_the_error_after_problems_names_the_one_file_they_are_in_or_how_many(cli, data_dir):
    (data_dir / "apprentices" / "merton.yaml").write_text("- id: merton-0001\n  role: Dev\n")
    one = cli("status", code=1).stderr
    assert f"Error: 1 problem(s) in {data_dir / 'apprentices' / 'merton.yaml'}; no file was changed" in one
    (data_dir / "apprentices" / "sutton.yaml").write_text("- id: sutton-0001\n  start_date: 2020-01-06\n")
    assert "Error: 2 problem(s) in 2 files; no file was changed" in cli("list", code=1).stderr
