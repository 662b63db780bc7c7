"""Start-up: `--version` and `--help` import only what they need (as Typer's own tests check for rich)."""

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
sys.argv = ["apprentrack", *{args!r}]
from apprentrack.__main__ import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})), file=sys.stderr)
"""


def imported(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))  # the probe's list of module names


@pytest.mark.slow
def test_version_imports_neither_typer_nor_the_core():
    modules = imported("--version")
    assert not modules & {"typer", "rich", "pydantic", "pydantic_core", "yaml", "filelock"}


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--help",), ()])
def test_help_does_not_import_pydantic_or_yaml(args):
    modules = imported(*args)
    assert "typer" in modules  # the probe really ran the command line
    assert not modules & {"pydantic", "pydantic_core", "yaml", "filelock"}


@pytest.mark.slow
def test_status_with_the_cache_warm_does_not_load_pyyaml(data_dir):
    """Plain record files and boroughs.yaml, unchanged since the last run, come from the cache: PyYAML
    (about 17 ms to import here) is not loaded at all."""
    args = ("--data-dir", str(data_dir), "status", "--as-of", "2020-03-11")
    assert "yaml" in imported(*args)  # the first run reads boroughs.yaml with PyYAML
    assert "yaml" not in imported(*args)
    (data_dir / "boroughs.yaml").write_text((data_dir / "boroughs.yaml").read_text() + "# changed\n")
    assert "yaml" in imported(*args)  # changed: read again


@pytest.mark.slow
def test_only_the_command_run_is_built(data_dir):
    """Typer builds every command's Click object on each run; main() keeps only the one named."""
    probe = """
import sys
sys.argv = ["apprentrack", "--data-dir", sys.argv[1], "status", "--as-of", "2020-03-11"]
import typer.main
built = []
real = typer.main.get_command_from_info
def counted(*args, **kwargs):
    built.append(1)
    return real(*args, **kwargs)
typer.main.get_command_from_info = counted
from apprentrack.__main__ import main
try:
    main()
except SystemExit:
    pass
print(len(built), file=sys.stderr)
"""
    result = subprocess.run([sys.executable, "-c", probe, str(data_dir)], capture_output=True, text=True)
    assert "73 of 100" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "1"


@pytest.mark.slow
def test_a_misspelt_command_still_gets_a_suggestion(data_dir):
    result = subprocess.run([sys.executable, "-m", "apprentrack", "stauts"], capture_output=True, text=True)
    assert result.returncode == 2 and "Error: 'stauts' is not a command; did you mean status?" in result.stderr
