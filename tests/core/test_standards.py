"""Standards are checked against the list apprentrack ships (domain/standards.yaml), each entry with its
level and source; a standard not on it is a warning with the nearest name suggested, never an error."""

from __future__ import annotations

import re
from importlib.resources import files

import yaml

from apprentrack.domain.standards import standard_warning


def test_every_shipped_standard_has_a_level_and_a_source():
    entries = yaml.safe_load(files("apprentrack.domain").joinpath("standards.yaml").read_text())["standards"]
    assert len(entries) >= 15
    for e in entries:
        assert 2 <= e["level"] <= 7 and "seen 2026-11-29" in e["source"], e
        assert "code" not in e or re.fullmatch(r"ST\d{4}", e["code"]), e


def test_the_warning_for_a_standard_not_on_the_list_names_the_nearest():
    assert standard_warning("Sofware developer") == (
        "is not on the list of apprenticeship standards apprentrack knows; did you mean 'Software developer'? "
        "(a warning: add it if it is right)"
    )
    assert standard_warning("associate project MANAGER") is None  # on the list, whatever the case
    assert standard_warning(None) is None and standard_warning("") is None
