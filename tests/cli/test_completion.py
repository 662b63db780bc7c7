"""Shell completion of borough names and record ids, in bash, zsh, fish and PowerShell (Typer's
completion, as `apprentrack --install-completion` sets it up)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def complete(data_dir, shell: str, words: str) -> str:
    env = {**os.environ, "_APPRENTRACK_COMPLETE": f"complete_{shell}", "APPRENTRACK_DATA": str(data_dir)}
    env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}  # bash
    env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}  # zsh, fish, PowerShell
    env |= {"_TYPER_COMPLETE_WORD_TO_COMPLETE": words.split()[-1]}
    code = "import sys; sys.argv[0] = 'apprentrack'; from apprentrack.__main__ import main; main()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_borough_names_complete_in_every_shell(data_dir, shell):
    assert "camden" in complete(data_dir, shell, "apprentrack list --borough cam")


def test_record_ids_complete_once_the_borough_is_typed(data_dir):
    assert complete(data_dir, "bash", "apprentrack update hackney-000").split() == [
        f"hackney-{i:04d}" for i in range(1, 10)
    ]
    assert complete(data_dir, "bash", "apprentrack remove wes").split() == ["westminster-"]


def test_completion_without_data_offers_nothing_and_no_error(tmp_path):
    assert complete(tmp_path / "nowhere", "bash", "apprentrack add --borough hack").strip() == ""
