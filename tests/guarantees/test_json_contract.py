"""The public JSON shapes, pinned key by key (as pipx's result-contract test does).

The rule, in the README too: a new key needs no bump of schema_version; a key renamed, removed or given
another type bumps it. These tests fail on any of those, so that such a change is made on purpose.
"""

from __future__ import annotations

import json
import re

import pytest

DATE = re.compile(r"\d{4}-\d\d-\d\d")

# A type per key: int, float, str, bool, date (ISO text), a nested shape, or a list of one; "?" admits null.
BOROUGH_ROW = {
    "slug": "str",
    "name": "str",
    "member": "bool",
    "pledge": "int?",
    "counted": "int",
    "recruited": "int",
    "in_post": "int",
    "completed": "int",
    "withdrawn": "int",
    "pledged": "int",
    "last_hire": "date?",
    "starting_later": "int",
}
STATUS = {
    "schema_version": "int",
    "programme": "str",
    "as_of": "date",
    "start": "date",
    "deadline": "date",
    "target": "int",
    "counted": "int",
    "remaining": "int",
    "percent": "float",
    "days_left": "int",
    "weeks_left": "float",
    "pace_needed": "float?",
    "recent_weeks": "float",
    "recent_from": "date",
    "forecast_from": "date",
    "recent_hires": "int",
    "recent_pace": "float",
    "forecast_date": "date?",
    "projected_at_deadline": "int?",
    "verdict": "str",
    "verdict_text": "str",
    "reached_on": "date?",
    "final": "bool",
    "counted_at_deadline": "int?",
    "pipeline": "int",
    "starting_later": "int",
    "with_pipeline": "int",
    "pledged_apart": "int",
    "to_check": "int",
    "boroughs": [BOROUGH_ROW],
    "member_word": "str",
    "breakdown": "str",
    "by": [
        {
            "key": "str",
            "label": "str",
            "counted": "int",
            "recruited": "int",
            "in_post": "int",
            "completed": "int",
            "withdrawn": "int",
            "spellings": ["str"],
        }
    ],
}
HEADCOUNT = {
    "slug": "str",
    "name": "str",
    "headcount": "int",
    "periods": [
        {"label": "str", "start": "date", "end": "date", "starts": "int", "percent": "float", "meets_target": "bool"}
    ],
}
SUMMARY = {
    "schema_version": "int",
    "programme": "str",
    "week": "str",
    "week_start": "date",
    "week_end": "date",
    "complete": "bool",
    "as_known": "bool",
    "new_this_week": "int",
    "previous_counted": "int",
    "change": "int",
    "started_this_week": "int",
    "logged_late": "int",
    "logged_late_by": [{"slug": "str", "name": "str", "count": "int"}],
    "change_from_joining": "int",
    "joined": ["str"],
    "logged_since": "int",
    **{k: STATUS[k] for k in ("target", "counted", "percent", "remaining", "days_left", "weeks_left")},
    **{k: STATUS[k] for k in ("pace_needed", "recent_weeks", "recent_from", "recent_hires", "recent_pace")},
    **{k: STATUS[k] for k in ("forecast_from", "forecast_date", "projected_at_deadline", "verdict", "verdict_text")},
    **{k: STATUS[k] for k in ("final", "pipeline", "starting_later", "with_pipeline", "pledged_apart")},
    "boroughs": [{"slug": "str", "name": "str", "member": "bool", "new_this_week": "int", "counted": "int"}],
    "top_boroughs": ["str"],
    "by_role": STATUS["by"],
    "note": "str",
}
RECORD = {
    "borough": "str",
    "id": "str",
    "role": "str",
    "standard": "str?",
    "level": "int?",
    "start_date": "date",
    "status": "str",
    "end_date": "date?",
    "ref": "str?",
    "logged": "date?",
}
BOROUGH = {
    "slug": "str",
    "name": "str",
    "code": "str?",
    "area": "str?",
    "member_since": "date?",
    "pledge": "int?",
    "headcount": "int?",
    "aliases": ["str"],
}
VERDICTS = {"met", "missed", "on track", "at risk", "too early to tell", "not started"}


def check(value: object, shape: object, where: str = "$") -> None:
    if isinstance(shape, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(shape), f"{where}: keys {sorted(set(value) ^ set(shape))} differ from the contract"
        for key, inner in shape.items():
            check(value[key], inner, f"{where}.{key}")
    elif isinstance(shape, list):
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            check(item, shape[0], f"{where}[{i}]")
    else:
        assert isinstance(shape, str)
        kind = shape.rstrip("?")
        if value is None:
            assert shape.endswith("?"), f"{where}: null, but the contract says {kind}"
            return
        expected = {"int": int, "float": float, "str": str, "bool": bool, "date": str}[kind]
        assert type(value) is expected, f"{where}: {type(value).__name__}, but the contract says {kind}"
        if kind == "date":
            assert DATE.fullmatch(value), f"{where}: {value!r} is not an ISO date"


@pytest.mark.parametrize("as_of", ["2019-06-10", "2020-03-11", "2020-09-30", "2021-06-01"])
def test_status_json_keeps_its_contract(cli, as_of):
    data = json.loads(cli("status", "--as-of", as_of, "-f", "json").stdout)
    check(data, STATUS)
    assert data["schema_version"] == 3
    assert data["verdict"] in VERDICTS


def test_status_headcount_json_keeps_its_contract(tiny):
    text = (
        (tiny.data_dir / "boroughs.yaml").read_text().replace("    pledge: 6\n", "    pledge: 6\n    headcount: 400\n")
    )
    (tiny.data_dir / "boroughs.yaml").write_text(text)
    data = json.loads(tiny("status", "--as-of", "2021-03-01", "--headcount", "-f", "json").stdout)
    check(data["headcount"], [HEADCOUNT])
    assert [row["slug"] for row in data["headcount"]] == ["hackney"]
    del data["headcount"]
    check(data, STATUS)


@pytest.mark.parametrize("week", ["2020-W11", "2020-W40"])
def test_summary_json_keeps_its_contract(cli, week):
    data = json.loads(cli("summary", "--week", week, "-f", "json").stdout)
    check(data, SUMMARY)
    assert data["verdict"] in VERDICTS


def test_list_and_boroughs_json_keep_their_contract(cli):
    records = json.loads(cli("list", "-f", "json").stdout)
    assert records
    check(records, [RECORD])
    boroughs = json.loads(cli("boroughs", "-f", "json").stdout)
    assert len(boroughs) == 33
    check(boroughs, [BOROUGH])


def test_the_contract_check_can_fail():
    with pytest.raises(AssertionError, match="differ from the contract"):
        check({"a": 1, "b": 2}, {"a": "int"})
    with pytest.raises(AssertionError, match="the contract says float"):
        check({"a": 1}, {"a": "float"})
    with pytest.raises(AssertionError, match="null"):
        check({"a": None}, {"a": "int"})


SITE_WEEKS = {
    "apprentrack_site": "int",
    "version": "str",
    "programme": "str",
    "weeks": [
        {
            "week": "str",
            "week_start": "date",
            "week_end": "date",
            "counted": "int",
            "target": "int",
            "new_this_week": "int",
            "change": "int",
            "logged_late": "int",
            "verdict": "str",
            "page": "str",
        }
    ],
}


def test_the_sites_weeks_json_keeps_its_contract(tiny, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "vl_convert", None)  # the pages without pictures: the list is the same
    tiny.write("hackney", "- {id: hackney-0001, role: Dev, start_date: 2021-01-05}\n")
    tiny("site", str(tmp_path / "site"))
    data = json.loads((tmp_path / "site" / "weeks.json").read_text())
    check(data, SITE_WEEKS)
    assert len(data["weeks"]) == 12 and {w["verdict"] for w in data["weeks"]} <= VERDICTS
