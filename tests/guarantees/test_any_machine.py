"""Any machine, no traceback (issue 22): no HOME and a user the password database does not know, no time
zone database, a read-only data dir, a cache folder that cannot be written or read. Each either simply works
(reading needs no cache, and no write) or says what is wrong with the documented exit code. And `cache
--clear` deletes only what apprentrack wrote.

The user with no password entry is real: run as root (as CI is here), a test switches to a uid the system
does not know, with an interpreter that uid may run; it is skipped, saying why, only where it cannot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURE, Cli, posix_only, snapshot_tree

ADD = ("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")
MACHINE = {"HOME", "XDG_CACHE_HOME", "APPRENTRACK_CACHE_DIR", "APPRENTRACK_DATA", "APPRENTRACK_CACHE"}


# ----------------------------------------------------------------------------- a user unknown to the system


def _unknown_uid() -> int:
    import pwd

    uid = 54321
    while True:
        try:
            pwd.getpwuid(uid)
        except KeyError:
            return uid
        uid += 1


def _interpreter_for(uid: int) -> str | None:
    """A Python this uid may run that reads the same packages (this one, or the system's of the same
    version: a root-only pyenv is common), or None."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    elsewhere = [f"{folder}/{version}" for folder in ("/usr/bin", "/usr/local/bin")]
    for candidate in dict.fromkeys([sys.executable, os.path.realpath(sys.executable), *elsewhere]):
        if not os.path.isfile(candidate):
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", "import apprentrack.cli"], user=uid, group=uid, extra_groups=[], env=_env(),
                capture_output=True, cwd="/",
            )  # fmt: skip
        except OSError:  # it may not even start it
            continue
        if probe.returncode == 0:
            return candidate
    return None


def _env(**more: str) -> dict[str, str]:
    """The environment with no HOME, no cache folder chosen, and this interpreter's packages on the path
    (not its standard library: another interpreter of the same version brings its own)."""
    env = {k: v for k, v in os.environ.items() if k not in MACHINE}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and not p.startswith(sys.base_prefix))
    return {**env, **more}


class Stranger:
    """Runs apprentrack as a user with no password entry and no HOME (as root: another uid; as a user the
    system does not know: that user), in a folder it may not write unless told."""

    def __init__(self) -> None:
        if os.name != "posix":
            pytest.skip("POSIX users and permission bits")
        import pwd

        try:
            pwd.getpwuid(os.getuid())
            known = True
        except KeyError:
            known = False
        if os.geteuid() != 0 and known:
            pytest.skip("switching to a user with no password entry needs root; this user has an entry")
        self.switch = os.geteuid() == 0
        self.uid = _unknown_uid() if self.switch else os.getuid()
        python = _interpreter_for(self.uid) if self.switch else sys.executable
        if python is None:
            pytest.skip(f"no Python interpreter that uid {self.uid} may run (this one's folder is closed to it)")
        self.python = python
        self.root = Path(tempfile.mkdtemp(prefix="apprentrack-stranger-"))
        self.root.chmod(0o755)  # readable by the stranger, writable only by the test

    def run(self, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        who = {"user": self.uid, "group": self.uid, "extra_groups": []} if self.switch else {}
        return subprocess.run(
            [self.python, "-m", "apprentrack", *args], capture_output=True, text=True,
            cwd=cwd or self.root, env=_env(**env), **who,  # type: ignore[arg-type]
        )  # fmt: skip

    def own(self, path: Path) -> Path:
        """Give the stranger a folder of its own (writable by it)."""
        path.mkdir(parents=True, exist_ok=True)
        if self.switch:
            for p in [path, *path.rglob("*")]:
                os.chown(p, self.uid, self.uid)
        return path

    def read_only(self, path: Path) -> Path:
        """Make a tree the stranger may read and not write."""
        for p in [path, *path.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        return path

    def cleanup(self) -> None:
        for p in [self.root, *self.root.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o700 if p.is_dir() else 0o600)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def stranger() -> Iterator[Stranger]:
    someone = Stranger()
    yield someone
    someone.cleanup()


def no_traceback(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.mark.slow  # several processes, each a whole run
def test_a_user_with_no_home_and_no_password_entry_can_read_and_write(stranger):
    """`env -u HOME apprentrack validate` as a uid the system does not know: no home to find a cache folder
    in, so no cache (never a '~' folder made where it runs); every command works all the same."""
    data = stranger.own(stranger.root / "work")
    shutil.copytree(FIXTURE, data / "data")
    stranger.own(data)
    validate = no_traceback(stranger.run("validate", cwd=data))
    assert validate.returncode == 0 and "OK: no problems (20 files, 126 valid records)" in validate.stdout
    status = no_traceback(stranger.run("status", "--as-of", "2020-03-11", "-f", "json", cwd=data))
    assert status.returncode == 0 and json.loads(status.stdout)["counted"] == 73
    added = no_traceback(stranger.run(*ADD, cwd=data))
    assert added.returncode == 0 and added.stdout.startswith("Added hackney-0025")
    cache = no_traceback(stranger.run("cache", cwd=data))
    assert cache.returncode == 0 and "no cache folder" in cache.stderr and "set HOME" in cache.stderr
    cleared = no_traceback(stranger.run("cache", "--clear", cwd=data))
    assert cleared.returncode == 0
    assert sorted(p.name for p in data.iterdir()) == ["data"]  # nothing made where it ran ('~/.cache')


@pytest.mark.slow  # several processes, each a whole run
def test_a_read_only_data_dir_can_be_read_and_a_write_is_refused_clearly(stranger):
    data = stranger.read_only(shutil.copytree(FIXTURE, stranger.root / "data"))
    before = snapshot_tree(data)
    cache = stranger.own(stranger.root / "cache")
    for args in (("validate",), ("status", "--as-of", "2020-03-11"), ("list", "-b", "hackney"), ("boroughs",)):
        assert (
            no_traceback(stranger.run("--data-dir", str(data), *args, APPRENTRACK_CACHE_DIR=str(cache))).returncode == 0
        )
    refused = no_traceback(stranger.run("--data-dir", str(data), *ADD, APPRENTRACK_CACHE_DIR=str(cache)))
    assert refused.returncode == 1
    assert f"Error: cannot write in {data / 'apprentices'}: Permission denied; nothing was written" in refused.stderr
    assert snapshot_tree(data) == before


@pytest.mark.slow  # several processes, each a whole run
def test_reading_needs_no_cache_that_can_be_written_or_read(stranger):
    """A cache folder the user may not write, nor read: every command reads the files instead."""
    data = stranger.own(stranger.root / "data")
    shutil.copytree(FIXTURE, data, dirs_exist_ok=True)
    stranger.own(data)
    closed = stranger.root / "closed-cache"
    closed.mkdir()
    (closed / "0123456789abcdef0123456789abcdef").mkdir()
    closed.chmod(0o000)
    try:
        for args in (("status", "--as-of", "2020-03-11", "-f", "json"), ADD, ("cache",), ("cache", "--clear")):
            result = no_traceback(stranger.run("--data-dir", str(data), *args, APPRENTRACK_CACHE_DIR=str(closed)))
            assert result.returncode == 0, (args, result.stderr)
            if args[0] == "status":
                assert json.loads(result.stdout)["counted"] == 73
    finally:
        closed.chmod(0o755)


# ------------------------------------------------------------------------------------ no zone database


def run_without_zones(data_dir: Path, *args: str, hide_tzdata: bool = False) -> subprocess.CompletedProcess[str]:
    """apprentrack on a machine with no system zone database (PYTHONTZPATH: an empty folder; TZ naming a
    zone that is nowhere), with or without the tzdata package."""
    empty = data_dir.parent / "no-zoneinfo"
    empty.mkdir(exist_ok=True)
    hide = "import sys; sys.modules['tzdata'] = None; " if hide_tzdata else ""
    code = f"{hide}import sys; sys.argv[0] = 'apprentrack'; from apprentrack.__main__ import main; main()"
    env = {**os.environ, "PYTHONTZPATH": str(empty), "TZ": "Nowhere/Nothing"}
    return subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(data_dir), *args], capture_output=True, text=True, env=env
    )


def test_tzdata_is_a_dependency_everywhere():
    from importlib.metadata import requires

    assert "tzdata" in (requires("apprentrack") or [])  # no marker: Linux and macOS too, not only Windows


@pytest.mark.slow  # several processes, each a whole run
def test_with_no_zone_database_on_the_system_the_commands_work(data_dir):
    for args in (("status", "--as-of", "2020-03-11", "-f", "json"), ADD, ("validate",)):
        result = no_traceback(run_without_zones(data_dir, *args))
        assert result.returncode == 0, result.stderr
    assert "OK: no problems (20 files, 127 valid records)" in run_without_zones(data_dir, "validate").stdout


@pytest.mark.slow
def test_with_no_zone_database_at_all_the_message_says_what_to_install(data_dir):
    result = no_traceback(run_without_zones(data_dir, "status", hide_tzdata=True))
    assert result.returncode == 1
    assert "no time zone database for Europe/London" in result.stderr and "pip install tzdata" in result.stderr


# ------------------------------------------------------------------------------------ cache --clear


@posix_only
def test_cache_clear_deletes_only_what_apprentrack_wrote(cli, tmp_path, monkeypatch):
    """A cache folder chosen by hand may hold other files, even ones named like entries, in folders named
    like the tool's: only files that are the tool's entries (by their name and their content) go."""
    cache = tmp_path / "shared"
    monkeypatch.setenv("APPRENTRACK_CACHE_DIR", str(cache))
    cli("status")
    ours = sorted(cache.glob("*/*.json"))
    assert len(ours) == 20
    folder = ours[0].parent
    theirs = {
        cache / "notes.txt": "keep me",
        folder / "mine.txt": "keep me too",
        folder / "hackney-notes.json": '{"key": "mine"}',
        cache / ("f" * 32) / "hackney.json": '{"my": "own file, named like an entry"}',
        cache / ("e" * 32) / ".hackney.123.tmp": "a file of mine named like a temporary entry",
    }
    for path, text in theirs.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    (folder / "hackney.json").write_text('{"key": "not one of the tool\'s"}')  # an entry of ours, overwritten
    assert cli("cache", "--clear").stdout.startswith(f"Cleared {cache} (19 entries)")
    assert {p: p.read_text() for p in theirs} == theirs
    assert (folder / "hackney.json").exists()  # not what the tool wrote: kept
    assert not any(cache.glob("*/_boroughs.json"))


def test_cache_clear_with_no_cache_or_a_file_in_its_place_says_so(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("APPRENTRACK_CACHE_DIR", str(tmp_path / "never-made"))
    assert cli("cache", "--clear").stdout.startswith("Cleared ")
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    monkeypatch.setenv("APPRENTRACK_CACHE_DIR", str(a_file / "cache"))
    assert json.loads(Cli(cli.data_dir)("status", "-f", "json", "--as-of", "2020-03-11").stdout)["counted"] == 73
    cli("cache")
    cli("cache", "--clear")
    assert a_file.read_text() == "not a folder"
