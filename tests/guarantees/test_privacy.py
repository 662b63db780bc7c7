"""Privacy: nothing personal is stored, and nothing but counts leaves in a public summary. Clearly personal
data (an e-mail address, a phone or National Insurance number) is refused by every way in, without the
message repeating it; a bare run of digits, which may be an opaque reference, is only warned about; no
record's id or ref is in any format of the weekly summary. (Which texts are personal: core/test_text.py.)"""

from __future__ import annotations

import pytest
import yaml
from helpers import FIXTURE, Cli, snapshot_tree

ADD = ["--role", "Data analyst", "--start-date", "2020-03-02"]


def shipped_records() -> list[dict]:
    """Every record of the frozen fixture, read straight from the YAML: independent of the code."""
    return [r for path in (FIXTURE / "apprentices").glob("*.yaml") for r in yaml.safe_load(path.read_text())]


CLEARLY_PERSONAL = [
    ("jo.bloggs@camden.gov.uk", "an e-mail address"),
    ("020 7946 0000", "a phone number"),
    ("+44 7700 900123", "a phone number"),
    ("AB 12 34 56 C", "a National Insurance number"),
    ("ce123456d", "a National Insurance number"),
]


@pytest.mark.parametrize("ref, kind", CLEARLY_PERSONAL)
def test_clearly_personal_data_is_refused_everywhere(data_dir, tmp_path, ref, kind):
    cli = Cli(data_dir)
    before = snapshot_tree(data_dir)
    refused = f"looks like {kind}; records hold no personal data"
    assert f"--ref: {refused}" in cli("add", "-b", "merton", *ADD, "--ref", ref, code=2).stderr
    assert f"--ref: {refused}" in cli("update", "hackney-0002", "--ref", ref, code=2).stderr
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"Role,Start date,Ref\nDev,02/03/2020,{ref}\n")
    assert f"row 2: ref: {refused}" in cli("import", str(sheet), "-b", "merton", code=1).stderr
    assert snapshot_tree(data_dir) == before
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(f"- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  ref: '{ref}'\n")
    result = cli("validate", code=1)
    assert f"{path}:4: ref: {refused}" in result.stdout
    assert ref not in result.stdout  # the message does not repeat the personal data


def test_a_bare_run_of_digits_is_only_warned_about(data_dir):
    cli = Cli(data_dir)
    result = cli("add", "-b", "merton", *ADD, "--ref", "07700900123")
    assert "Warning: --ref: is a run of digits like a phone number" in result.stderr
    result = cli("validate")
    path = data_dir / "apprentices" / "merton.yaml"
    assert f"{path}:5: warning: merton-0001: ref is a run of digits like a phone number" in result.stdout
    assert "07700900123" not in result.stdout
    assert "1 warning(s)" in result.stdout


def test_opaque_refs_are_not_warned_about(data_dir):
    result = Cli(data_dir)("add", "-b", "merton", *ADD, "--ref", "APP-7F3K2")
    assert "Warning" not in result.stderr


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "svg", "html"])
def test_no_id_or_ref_in_any_format(cli, fmt):
    out = cli("summary", "--week", "2020-W11", "--format", fmt).stdout
    for r in shipped_records():
        assert r["id"] not in out
        if r.get("ref"):
            assert r["ref"] not in out
