"""What Windows users meet: a console or redirect in cp1252, CSV files saved as UTF-16 by PowerShell, and
files that another process holds open for a moment. (GitHub's Windows runners run the whole suite too;
these tests make the Windows conditions here.)"""

from __future__ import annotations

import os

import pytest
from helpers import ROOT, copy_fixture, run_together

import apprentrack.storage.files
from apprentrack.domain.errors import DataError

COMMANDS = [
    ("status", "--as-of", "2020-03-11"),
    ("status", "--headcount"),
    ("chart", "--as-of", "2020-03-11"),
    ("chart", "--by", "month"),
    ("map", "--as-of", "2020-03-11"),
    ("list",),
    ("boroughs",),
    ("validate",),
    ("summary", "--week", "2020-W11"),
    *(("summary", "--week", "2020-W11", "--format", f) for f in ("json", "csv", "svg", "html", "text")),
]


def wrong_in_cp1252(args: tuple[str, ...], code: int, stdout: bytes, stderr: bytes) -> str | None:
    """What is wrong with a command's run into a cp1252 redirect, or None."""
    out, err = stdout.decode("cp1252"), stderr.decode("cp1252")  # what the redirect holds is cp1252 text
    expected = []
    if args[0] == "status" and "--headcount" not in args:
        expected = ["73 of 100 (73%)  ###############-----"]  # block glyphs degrade to ASCII
    elif args[0] == "map":
        expected = ["[Hackney]", "[  22   ]"]
    if code != 0:
        return f"exit {code}: {err}"
    if "Traceback" in out + err or not out.strip():
        return f"a traceback, or nothing: {out}{err}"
    if args[0] == "chart" and "#" not in out:
        return f"no '#' in the chart: {out}"
    if args[0] in ("chart", "map") and "?" in out:
        return f"a '?' for a glyph cp1252 lacks: {out}"
    missing = [text for text in expected if text not in out]
    return f"missing {missing}: {out}" if missing else None


@pytest.mark.slow
def test_every_command_writes_to_a_cp1252_redirect(tmp_path):
    """Each command of COMMANDS run as its own process, its stdout and stderr redirected to files in cp1252,
    on one copy of the data (they only read it), with a cache of their own, all at once (run_together:
    the processes are forked from one that imported apprentrack once). One test, so that one worker starts
    the fourteen processes: a fixture shared by fourteen tests was made again by each worker that ran one."""
    data_dir = copy_fixture(tmp_path / "data")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "100", "APPRENTRACK_CACHE_DIR": str(tmp_path / "c")}
    env.pop("APPRENTRACK_DATA", None)
    ran = run_together([["--data-dir", str(data_dir), *args] for args in COMMANDS], env=env, cwd=tmp_path, text=False)
    wrong = [
        f"{' '.join(args)}: {why}"
        for args, r in zip(COMMANDS, ran, strict=True)
        if (why := wrong_in_cp1252(args, r.returncode, r.stdout, r.stderr)) is not None
    ]
    assert not wrong, "\n".join(wrong)


def test_a_utf16_csv_from_powershell_imports(cli, tmp_path):
    sheet = tmp_path / "hackney.csv"
    text = "Role,Start date,Status\r\nDigital Marketer,07/09/2020,in post\r\n"
    sheet.write_bytes(text.encode("utf-16"))  # with its byte order mark, as PowerShell 5.1's > writes
    assert cli("import", str(sheet), "-b", "hackney").stdout.startswith("Imported 1 record(s) (hackney 1)")


def test_a_replace_refused_for_a_moment_is_retried_on_windows(tmp_path, monkeypatch):
    refusals = []
    real = os.replace

    def busy(src, dst):
        if len(refusals) < 3:
            refusals.append(dst)
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real(src, dst)

    monkeypatch.setattr(apprentrack.storage.files.os, "replace", busy)
    monkeypatch.setattr(apprentrack.storage.files, "RETRY_REPLACE", True)
    monkeypatch.setattr(apprentrack.storage.files.time, "sleep", lambda _: None)
    target = tmp_path / "hackney.yaml"
    target.write_text("old\n")
    apprentrack.storage.files.atomic_write(target, b"new\n")
    assert target.read_text() == "new\n" and len(refusals) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["hackney.yaml"]  # no temporary file left


def test_a_replace_refused_for_good_is_an_error_with_nothing_left(tmp_path, monkeypatch):
    def never(src, dst):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(apprentrack.storage.files.os, "replace", never)
    monkeypatch.setattr(apprentrack.storage.files, "RETRY_REPLACE", True)
    monkeypatch.setattr(apprentrack.storage.files.time, "sleep", lambda _: None)
    target = tmp_path / "hackney.yaml"
    target.write_text("old\n")
    with pytest.raises(DataError, match=r"could not write .*hackney\.yaml: denied; it is as it was"):
        apprentrack.storage.files.atomic_write(target, b"new\n")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["hackney.yaml"]


def test_the_quick_start_gives_the_windows_commands():
    """A borough's lead on Windows can follow the quick start as it is: PowerShell and cmd, the py
    launcher, the Scripts folder, and how to type apprentrack alone."""

    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start") : readme.index("## Commands")]
    assert (
        "```powershell\npy -m venv .venv; .venv\\Scripts\\pip install -q -e .; .venv\\Scripts\\apprentrack status"
        in quick
    )
    assert (
        "```bat\npy -m venv .venv && .venv\\Scripts\\pip install -q -e . && .venv\\Scripts\\apprentrack status" in quick
    )
    assert ".venv\\Scripts\\Activate.ps1" in quick and ".venv\\Scripts\\activate.bat" in quick  # on the path
    assert "pipx install ." in quick and "double quotes" in quick
