"""Shell completion of borough names and record ids, in bash, zsh, fish and PowerShell (Typer's
completion, as `apprentrack --install-completion` sets it up), each asked of the installed command's
main() in a process of its own, as a shell asks it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_fixture

SHELLS = ["bash", "zsh", "fish", "powershell"]
# (data, shell, the words typed so far): 'data' is a copy of the frozen fixture, 'nowhere' a missing dir.
ASKED = [
    *(("data", shell, "apprentrack list --borough cam") for shell in SHELLS),
    ("data", "bash", "apprentrack update hackney-000"),
    ("data", "bash", "apprentrack remove wes"),
    ("nowhere", "bash", "apprentrack add --borough hack"),
]


def environment(data_dir: Path, shell: str, words: str) -> dict[str, str]:
    env = {**os.environ, "_APPRENTRACK_COMPLETE": f"complete_{shell}", "APPRENTRACK_DATA": str(data_dir)}
    env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}  # bash
    env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}  # zsh, fish, PowerShell
    env |= {"_TYPER_COMPLETE_WORD_TO_COMPLETE": words.split()[-1]}
    return env


def completions(root: Path) -> dict[tuple[str, str, str], str]:
    """What each of ASKED completes to. The processes are started at once and then waited for, so that
    the machine's cores share them; each must exit 0."""
    where = {"data": copy_fixture(root / "data"), "nowhere": root / "nowhere"}
    code = "import sys; sys.argv[0] = 'apprentrack'; from apprentrack.__main__ import main; main()"
    env = {"APPRENTRACK_CACHE_DIR": str(root / "cache")}
    running = {
        asked: subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,  # a few lines each: no pipe fills up
            stderr=subprocess.PIPE,
            text=True,
            cwd=root,
            env={**environment(where[asked[0]], *asked[1:]), **env},
        )
        for asked in ASKED
    }
    done = {}
    for asked, proc in running.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{asked}: {err}"
        done[asked] = out
    return done


@pytest.mark.slow
def test_borough_names_and_record_ids_complete_in_every_shell_and_nothing_without_data(tmp_path):
    """One test for the seven processes (as several tests sharing them, each xdist worker started them)."""
    done = completions(tmp_path)
    for shell in SHELLS:
        assert "camden" in done[("data", shell, "apprentrack list --borough cam")], shell
    assert done[("data", "bash", "apprentrack update hackney-000")].split() == [
        f"hackney-{i:04d}" for i in range(1, 10)
    ]
    assert done[("data", "bash", "apprentrack remove wes")].split() == ["westminster-"]
    assert done[("nowhere", "bash", "apprentrack add --borough hack")].strip() == ""  # no data: no error


# --- files nested without end (issue 22) ----------------------------------------------------------------

DEEP = 998  # just inside libyaml's own limit (1000): deep enough to exhaust Python's recursion


def complete(data_dir: Path, shell: str, words: str) -> str:
    """One completion, asked as a shell asks it; it must exit 0 (a traceback would be 1)."""
    code = "import sys; sys.argv[0] = 'apprentrack'; from apprentrack.__main__ import main; main()"
    env = environment(data_dir, shell, words)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "which, words",
    [
        ("boroughs.yaml", "apprentrack add --borough hack"),
        ("boroughs.yaml", "apprentrack update hackney-000"),
        ("apprentices/hackney.yaml", "apprentrack update hackney-000"),  # the borough's ids: its file is read
    ],
)
@pytest.mark.slow
def test_completion_over_deeply_nested_files_offers_nothing_and_no_traceback(data_dir, which, words):
    path = data_dir / which
    deep = "[" * DEEP + "]" * DEEP
    path.write_text(path.read_text() + (f"extra: {deep}\n" if which == "boroughs.yaml" else f"- {deep}\n"))
    offered = complete(data_dir, "bash", words)  # asserts exit code 0 (a traceback would be 1)
    assert offered.strip() == ""
