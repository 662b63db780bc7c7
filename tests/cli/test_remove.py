"""Correcting a mistake: remove deletes a record entered by mistake, touching no other byte, and its id is
never given to another hire."""

from __future__ import annotations

import json

from helpers import snapshot_tree

ADD = ("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-09-07")


def ids(cli) -> list[str]:
    return [r["id"] for r in json.loads(cli("list", "-b", "hackney", "-f", "json").stdout)]


def test_remove_deletes_the_record_and_keeps_its_id_taken(cli, data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    before = path.read_text()
    cli(*ADD)
    result = cli("remove", "hackney-0025", "--reason", "Entered twice by mistake", "--yes")
    assert result.stdout == (
        f"Removed hackney-0025 from {path}.\nSuggested commit message: Remove hackney-0025: Entered twice by mistake\n"
    )
    assert path.read_text() == before + "# removed: hackney-0025\n"  # every other byte as it was
    assert "hackney-0025" not in ids(cli)
    assert cli(*ADD).stdout.startswith("Added hackney-0026")  # the number is not given again
    cli("validate")


def test_remove_a_record_in_the_middle_of_a_file(cli, data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    text = path.read_text()
    block = text[text.index("- id: hackney-0002\n") : text.index("- id: hackney-0003\n")]
    cli("remove", "hackney-0002", "--reason", "Not a LOTI hire", "--yes")
    assert path.read_text() == text.replace(block, "# removed: hackney-0002\n")
    assert ids(cli)[:2] == ["hackney-0001", "hackney-0003"]
    cli("validate")


def test_remove_asks_at_a_terminal_and_needs_yes_elsewhere(cli, data_dir):
    before = snapshot_tree(data_dir)
    refused = cli("remove", "hackney-0002", "--reason", "Mistake", code=2)
    assert "not at a terminal: give --yes to remove without being asked" in refused.stderr
    kept = cli("remove", "hackney-0002", "--reason", "Mistake", "--interactive", input="n\n", code=1)
    assert "hackney-0002: Network Engineer, started 2019-08-01, in_post." in kept.stderr
    assert "Remove hackney-0002? [y/N]" in kept.stderr and "hackney-0002 was not removed" in kept.stderr
    assert snapshot_tree(data_dir) == before
    cli("remove", "hackney-0002", "--reason", "Mistake", "--interactive", input="y\n")
    assert "hackney-0002" not in ids(cli)


def test_remove_dry_run_and_wrong_input(cli, data_dir):
    before = snapshot_tree(data_dir)
    assert "Would remove hackney-0002" in cli("remove", "hackney-0002", "--reason", "x", "--dry-run").stdout
    assert "no record 'hackney-0099'" in cli("remove", "hackney-0099", "--reason", "x", "--yes", code=1).stderr
    personal = cli("remove", "hackney-0002", "--reason", "jo@hackney.gov.uk left", "--yes", code=2)
    assert "--reason: say why in plain words; records hold no personal data" in personal.stderr
    assert snapshot_tree(data_dir) == before
