"""Counting by role, standard, level or area, as LOTI reported: roles typed by boroughs grouped across
case, plurals and a trailing 'apprentice', never merged when they differ."""

from __future__ import annotations

import json

import pytest

from apprentrack.domain.record import role_key

LOTI = {  # LOTI's list when the goal was met, by the role's key
    "software developer": 7,
    "infrastructure technician": 6,
    "it solutions technician": 6,
    "digital project manager": 6,
    "project manager": 15,
    "it user": 3,
    "cyber security technologist": 2,
    "ict help desk": 2,
    "application support specialist": 2,
    "graphic design and drone pilot": 1,
}


def by(cli, what: str, day: str = "2020-09-30") -> dict:
    return json.loads(cli("status", "--as-of", day, "--by", what, "-f", "json").stdout)


def test_status_by_role_shows_lotis_list(cli):
    data = by(cli, "role")
    groups = {g["key"]: g for g in data["by"]}
    assert data["breakdown"] == "role" and sum(g["counted"] for g in data["by"]) == data["counted"] == 116
    for key, at_least in LOTI.items():
        assert groups[key]["counted"] >= at_least, key
    assert groups["data analyst"]["counted"] + groups["business analyst"]["counted"] == 5  # kept apart
    out = " ".join(cli("status", "--as-of", "2020-09-30", "--by", "role").stdout.split())
    assert "Counted by role (member boroughs)" in out and "Project Manager 15 1 14 0 0" in out and "Total 116" in out


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Software Developer", "software developers", True),
        ("IT User Apprentice", "IT user", True),
        ("ICT Help Desk Apprentices", "ict help desk", True),
        ("Data & Business Analyst", "Data and business analysts", True),
        ("Technology Apprentice", "technology", True),
        ("Digital project manager", "Project manager", False),
        ("Business Analyst", "Data and Business Analyst", False),
        ("Apprentice", "apprentices", True),
    ],
)
def test_roles_are_grouped_forgivingly_but_never_merged(a, b, same):
    assert (role_key(a) == role_key(b)) is same


def test_the_spellings_grouped_together_are_shown(tiny):
    tiny.write(
        "hackney",
        "- {id: hackney-0001, role: Software developer, start_date: 2021-01-05}\n"
        "- {id: hackney-0002, role: software developers, start_date: 2021-01-06}\n"
        "- {id: hackney-0003, role: Software Developer Apprentice, start_date: 2021-01-07}\n"
        "- {id: hackney-0004, role: Software developer, start_date: 2021-01-08, level: 4,"
        " standard: Software developer}\n",
    )
    (group,) = by(tiny, "role", "2021-02-01")["by"]
    assert group["counted"] == 4 and group["label"] == "Software developer"
    assert group["spellings"] == ["Software developer", "software developers", "Software Developer Apprentice"]
    levels = {g["label"]: g["counted"] for g in by(tiny, "level", "2021-02-01")["by"]}
    assert levels == {"(no level)": 3, "Level 4": 1}
    assert {g["key"]: g["counted"] for g in by(tiny, "area", "2021-02-01")["by"]} == {"inner": 4}
    assert {g["label"]: g["counted"] for g in by(tiny, "standard", "2021-02-01")["by"]} == {
        "(no standard)": 3,
        "Software developer": 1,
    }


def test_a_wrong_breakdown_is_a_usage_error(cli):
    assert (
        "--by: 'colour' is not one of: borough, role, standard, level, area"
        in cli("status", "--by", "colour", code=2).stderr
    )


def test_the_weekly_summary_counts_by_role_in_markdown_json_and_pictures(cli):
    markdown = cli("summary", "--week", "2020-W11").stdout
    assert "### By role\n\n| Role | Counted |\n| --- | ---: |\n| Project Manager | 9 |" in markdown
    data = json.loads(cli("summary", "--week", "2020-W11", "-f", "json").stdout)
    assert sum(g["counted"] for g in data["by_role"]) == data["counted"] == 74
    html = cli("summary", "--week", "2020-W11", "-f", "html").stdout
    assert '<th scope="row">Project Manager</th><td class="n">9</td>' in html
    svg = cli("summary", "--week", "2020-W11", "-f", "svg").stdout.replace("&#160;", " ")
    assert "Counted by role (member boroughs)" in svg
