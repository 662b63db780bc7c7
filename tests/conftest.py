"""Fixtures: every test works in its own tmp_path, with its own cache, on its own copy of a data dir.

The tests are by layer: core/ calls the core with small programmes in memory (programmes.py); cli/ runs
each command through the command line people use (helpers.Cli), a file a command; guarantees/ holds the
guarantees that cut across commands, a file a kind (races, odd files, plain text, Windows, ...). Shared
helpers are in helpers.py, programmes.py and picture_checks.py, imported by name."""

from __future__ import annotations

import compileall
import contextlib
import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, TINY_BOROUGHS, Cli, copy_fixture


def pytest_configure(config: pytest.Config) -> None:
    """The package's bytecode written once, as pip writes a wheel's: an editable install where
    PYTHONDONTWRITEBYTECODE is set (this machine, CI) would otherwise compile every module again in each of
    the hundreds of `apprentrack` processes the tests start, about 90 ms each. Done by the first process
    alone (pytest-xdist's workers start after it), and skipped where the checkout cannot be written."""
    if not hasattr(config, "workerinput"):
        with contextlib.suppress(OSError):
            compileall.compile_dir(str(ROOT / "src" / "apprentrack"), quiet=1)


@pytest.fixture(autouse=True)
def _away_from_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own folder, with its own cache: a command that looks upward for data/ never
    finds the live one, and no test sees another's cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("APPRENTRACK_DATA", raising=False)
    monkeypatch.setenv("APPRENTRACK_CACHE_DIR", str(tmp_path / "user-cache"))  # each test its own cache


@pytest.fixture(autouse=True)
def _processes_only_in_slow_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast loop (-m "not slow") runs in the test processes alone: a test that starts a process of its
    own (the installed command, git, a shell, a linter) through subprocess or os.fork, as every test here
    does, is marked slow, or fails here saying so."""
    if request.node.get_closest_marker("slow") is not None:
        return

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("this test starts a process: mark it @pytest.mark.slow (CONTRIBUTING.md, Tests)")

    monkeypatch.setattr(subprocess.Popen, "__init__", refused)  # subprocess.run and the helpers come here
    if hasattr(os, "fork"):  # not on Windows (and helpers.run_together looks for it)
        monkeypatch.setattr(os, "fork", refused)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the frozen fixture of the shipped data."""
    return copy_fixture(tmp_path / "data")


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return Cli(data_dir)


@pytest.fixture
def tiny(tmp_path: Path) -> Cli:
    """A small hand-made programme (target 10, 2021-01-04 to 2021-03-28), filled by the test."""
    root = tmp_path / "tiny"
    (root / "apprentices").mkdir(parents=True)
    (root / "boroughs.yaml").write_text(TINY_BOROUGHS)

    def write(slug: str, text: str) -> Path:
        path = root / "apprentices" / f"{slug}.yaml"
        path.write_text(textwrap.dedent(text))
        return path

    cli = Cli(root)
    cli.write = write
    return cli
