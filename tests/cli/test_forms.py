"""`apprentrack forms`: the GitHub issue forms made from the programme's boroughs, written into the
repository the data dir is in, and `--check` for CI (exit 1 when missing or out of date, nothing written)."""

from __future__ import annotations

import pytest
import yaml
from helpers import FORM_FIELDS, ROOT, Cli, copy_fixture


@pytest.fixture
def repo(tmp_path):
    """A repository (it has a .github folder) holding a copy of the frozen data."""
    root = tmp_path / "repo"
    copy_fixture(root / "data")
    (root / ".github").mkdir()
    return root


def test_forms_are_made_from_the_boroughs_and_checked(repo):
    cli = Cli(repo / "data")
    missing = cli("forms", "--check", code=1)  # none yet
    assert "new-apprentice.yml" in missing.stderr and "run `apprentrack forms`" in missing.stderr
    assert not (repo / ".github" / "ISSUE_TEMPLATE").exists()  # --check writes nothing
    written = cli("forms")
    made = repo / ".github" / "ISSUE_TEMPLATE" / "new-apprentice.yml"
    assert f"Wrote {made}" in written.stderr
    form = yaml.safe_load(made.read_text())
    borough = next(item for item in form["body"] if item.get("id") == "borough")
    assert len(borough["attributes"]["options"]) == 33 and "Hackney" in borough["attributes"]["options"]
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert labels == [*FORM_FIELDS]  # the labels the command reads back
    assert "are up to date" in cli("forms", "--check").stderr
    boroughs = repo / "data" / "boroughs.yaml"
    boroughs.write_text(boroughs.read_text().replace("name: Hackney", "name: London Borough of Hackney"))
    stale = cli("forms", "--check", code=1)
    assert "Error: out of date with boroughs.yaml" in stale.stderr


def test_forms_go_where_they_are_asked_for(repo, tmp_path):
    result = Cli(repo / "data")("forms", "--output-dir", str(tmp_path / "elsewhere"))
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["apprentice-update.yml", "new-apprentice.yml"]
    assert "Wrote" in result.stderr and not (repo / ".github" / "ISSUE_TEMPLATE").exists()


def test_the_shipped_forms_carry_the_labels_the_command_reads():
    """The repository's own forms list the labels the command reads (their boroughs are checked against the
    live data by the data workflow, not here)."""
    shipped = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "new-apprentice.yml").read_text())
    assert [i["attributes"]["label"] for i in shipped["body"] if i["type"] != "markdown"] == [*FORM_FIELDS]
