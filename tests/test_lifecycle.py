"""The whole life of a record: update, import and export, new programmes, pledges and headcount."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE, Cli, new_programme, snapshot_tree

ROOT = Path(__file__).resolve().parent.parent


def hackney(data_dir: Path) -> str:
    return (data_dir / "apprentices" / "hackney.yaml").read_text()


# --- update -----------------------------------------------------------------------------------------


def test_update_changes_values_in_place_and_keeps_everything_else(cli, data_dir):
    path = data_dir / "apprentices" / "hackney.yaml"
    path.write_text(
        path.read_text().replace(
            "  status: in_post\n  ref: APP-XYLWT", "  status: in_post  # since Sept\n  ref: APP-XYLWT"
        )
    )
    before = path.read_text()
    result = cli("update", "hackney-0002", "--status", "completed", "--end-date", "14/09/2020", "--level", "5")
    assert f"Updated hackney-0002 in {path}:" in result.stderr
    assert result.stdout.startswith("- id: hackney-0002\n")
    after = path.read_text()
    expected = before.replace(
        "  level: 4\n  start_date: 2019-08-01\n  status: in_post  # since Sept\n",
        "  level: 5\n  start_date: 2019-08-01\n  status: completed  # since Sept\n  end_date: 2020-09-14\n",
        1,
    )
    assert after == expected  # only those values changed; the comment and everything else are as they were
    cli("validate")


def test_update_a_flow_style_record_and_a_crlf_file(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_bytes(b"# hand-written\r\n- {id: merton-0001, role: Dev, start_date: 2020-01-06}\r\n")
    cli("update", "merton-0001", "--status", "withdrawn", "--end-date", "2020-02-01", "--ref", "A, B")
    assert path.read_bytes() == (
        b"# hand-written\r\n- {id: merton-0001, role: Dev, start_date: 2020-01-06, status: withdrawn, "
        b"end_date: 2020-02-01, ref: 'A, B'}\r\n"
    )
    cli("validate")


@pytest.mark.parametrize(
    "record, args, message",
    [
        (
            "hackney-0003",
            ("--status", "pledged"),
            "--status: hackney-0003: 'completed' is final: the record cannot become 'pledged'",
        ),
        (
            "hackney-0002",
            ("--status", "recruited"),
            "--status: hackney-0002: a record cannot go back from 'in_post' to 'recruited'",
        ),
        (
            "hackney-0003",
            ("--end-date", "2019-01-01"),
            "--end-date: end_date 2019-01-01 is before start_date 2019-08-26",
        ),
        ("hackney-0002", ("--end-date", "2020-01-01"), "only completed or withdrawn records have an end_date"),
    ],
)
def test_update_refuses_transitions_that_make_no_sense(cli, data_dir, record, args, message):
    before = snapshot_tree(data_dir)
    result = cli("update", record, *args, code=1)
    assert message in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("hackney-0099", "--status", "in_post"), 1, "no record 'hackney-0099' in"),
        (("narnia-0001", "--status", "in_post"), 2, "ID: 'narnia-0001' is not a record id"),
        (("hackney-0002",), 2, "nothing to change"),
        (("hackney-0002", "--status", "completed"), 2, "--end-date: missing; for example: apprentrack update"),
    ],
)
def test_update_names_what_is_wrong(cli, data_dir, args, code, message):
    before = snapshot_tree(data_dir)
    assert message in cli("update", *args, code=code).stderr
    assert snapshot_tree(data_dir) == before


def test_update_dry_run_and_no_change(cli, data_dir):
    before = snapshot_tree(data_dir)
    result = cli("update", "hackney-0002", "--status", "completed", "--end-date", "2020-09-14", "--dry-run")
    assert "dry run: nothing written" in result.stderr and "  end_date: 2020-09-14\n" in result.stdout
    assert "No change: hackney-0002 already has these values." in cli("update", "hackney-0002", "--level", "4").stderr
    assert snapshot_tree(data_dir) == before


def test_a_filled_pledge_moves_into_the_count(cli):
    status = json.loads(cli("status", "--as-of", "2020-09-25", "-f", "json").stdout)
    cli("update", "camden-0006", "--status", "recruited")  # pledged for 2020-09-21
    after = json.loads(cli("status", "--as-of", "2020-09-25", "-f", "json").stdout)
    assert (after["counted"], after["pipeline"]) == (status["counted"] + 1, status["pipeline"] - 1)


# --- import and export ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_a_fresh_programme_gives_the_same_records(cli, tmp_path, fmt):
    export = tmp_path / f"all.{fmt}"
    export.write_text(cli("list", "--format", fmt).stdout)
    fresh = new_programme(tmp_path)
    result = fresh("import", str(export))
    assert result.stdout.startswith("Imported 126 record(s) (barking-and-dagenham 5, barnet 1, ")
    assert fresh("list", "-f", "json").stdout == cli("list", "-f", "json").stdout
    for day in ("2020-03-11", "2020-08-28", "2026-11-28"):
        assert (
            fresh("status", "--as-of", day, "-f", "json").stdout == cli("status", "--as-of", day, "-f", "json").stdout
        )
    again = fresh("import", str(export))  # the same file twice adds nothing
    assert again.stdout == "Imported 0 record(s); skipped 126 already recorded.\n"


def test_import_by_borough_one_file_each(cli, tmp_path):
    fresh = new_programme(tmp_path)
    for path in sorted((FIXTURE / "apprentices").glob("*.yaml")):
        export = tmp_path / f"{path.stem}.csv"
        export.write_text(cli("list", "-b", path.stem, "-f", "csv").stdout)
        fresh("import", str(export), "--borough", path.stem)
    assert (
        fresh("status", "--as-of", "2020-03-11", "-f", "json").stdout
        == cli("status", "--as-of", "2020-03-11", "-f", "json").stdout
    )


def test_import_a_windows_spreadsheet(cli, data_dir, tmp_path):
    sheet = tmp_path / "Hackney apprentices.csv"
    sheet.write_bytes(
        b"\xef\xbb\xbfRole,Start Date (DD/MM/YYYY),Status,Level,Reference\r\n"
        b"Software developer,02/03/2020,In post,Level 4,HR-1\r\n"
        b"Data analyst,16/03/2020,Recruited,3,HR-2\r\n"
        b",,,,\r\n,,,,\r\n"
    )
    result = cli("import", str(sheet), "--borough", "LB Hackney")
    assert result.stdout == "Imported 2 record(s) (hackney 2); skipped 0 already recorded.\n"
    added = yaml.safe_load(hackney(data_dir))[-2:]
    assert [(r["id"], r["role"], str(r["start_date"]), r["status"], r["level"], r["ref"]) for r in added] == [
        ("hackney-0025", "Software developer", "2020-03-02", "in_post", 4, "HR-1"),
        ("hackney-0026", "Data analyst", "2020-03-16", "recruited", 3, "HR-2"),
    ]
    assert cli("import", str(sheet), "-b", "hackney").stdout.endswith("skipped 2 already recorded.\n")


def test_import_a_cp1252_file(cli, data_dir, tmp_path):
    sheet = tmp_path / "camden.csv"
    sheet.write_bytes("Job title,Start date\nCafé support,02/03/2020\n".encode("cp1252"))
    cli("import", str(sheet), "-b", "camden")
    assert yaml.safe_load((data_dir / "apprentices" / "camden.yaml").read_text())[-1]["role"] == "Café support"


def test_import_with_bad_rows_names_every_row_and_writes_nothing(cli, data_dir, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "Borough,Role,Start date,Status,End date\n"
        "Hackney,Dev,02/03/2020,in post,\n"
        "Hackney,Dev,31/02/2020,in post,\n"
        "Camden,Dev,02/03/2020,completed,\n"
        "Camden,Ok,02/03/2020,in post,\n"
    )
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), code=1)
    assert f"{sheet}:3: row 3: start_date: '31/02/2020' is not a real date" in result.stderr
    assert f"{sheet}:4: row 4: end_date: a 'completed' record needs an end_date" in result.stderr
    assert "2 problem(s)" in result.stderr
    assert snapshot_tree(data_dir) == before


@pytest.mark.parametrize(
    "text, message",
    [
        ("Role,Start date,Name\nDev,02/03/2020,Jo\n", "column 'Name' looks like a name: records hold no names"),
        ("Role,Start date,Email\nDev,02/03/2020\n", "column 'Email' looks like an e-mail address"),  # a short row
        ("Role,Start date\nDev,02/03/2020\n", "no borough column: give the borough with --borough"),
        ("", "the file is empty"),
    ],
)
def test_import_refuses_files_it_should_not_read(cli, data_dir, tmp_path, text, message):
    sheet = tmp_path / "x.csv"
    sheet.write_text(text)
    before = snapshot_tree(data_dir)
    assert message in cli("import", str(sheet), code=1).stderr
    assert snapshot_tree(data_dir) == before


def test_import_dry_run_counts_and_writes_nothing(cli, data_dir, tmp_path):
    sheet = tmp_path / "x.csv"
    sheet.write_text("Borough,Role,Start date\nHackney,Dev,02/03/2020\nRBKC,Dev,02/03/2020\n")
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), "--dry-run")
    assert result.stdout.startswith(
        "Would import 2 record(s) (hackney 1, kensington-and-chelsea 1); skipped 0 already recorded. "
        "Dry run: nothing written.\n"
    )
    hackney = data_dir / "apprentices" / "hackney.yaml"
    assert f"Would add to {hackney}:\n- id: hackney-0025\n  role: Dev\n  start_date: 2020-03-02\n" in result.stdout
    assert snapshot_tree(data_dir) == before


# --- init -------------------------------------------------------------------------------------------


def test_init_then_status_works_at_once(tmp_path):
    fresh = new_programme(tmp_path, members="hackney, camden")
    data = json.loads(fresh("status", "--as-of", "2020-01-01", "-f", "json").stdout)
    assert (data["counted"], data["target"], data["verdict"]) == (0, 100, "at risk")
    assert [b["slug"] for b in data["boroughs"]] == ["camden", "hackney"]
    fresh("add", "-b", "hackney", "--role", "Dev", "--start-date", "2019-07-01")
    assert json.loads(fresh("status", "--as-of", "2020-01-01", "-f", "json").stdout)["counted"] == 1
    fresh("validate")
    root = tmp_path / "fresh"
    assert ".*.lock" in (root / "apprentices" / ".gitignore").read_text()


def test_init_refuses_to_overwrite_and_names_bad_options(tmp_path):
    new_programme(tmp_path)
    root = tmp_path / "fresh"
    before = snapshot_tree(root)
    cli = Cli(root)
    result = cli("init", str(root), "--name", "X", "--target", "5", "--deadline", "2030-01-01", code=1)
    assert "already exists" in result.stderr and "does not overwrite" in result.stderr
    assert snapshot_tree(root) == before
    other = tmp_path / "other"
    result = cli(
        "init", str(other), "--name", "X", "--target", "5", "--start", "2030-01-01", "--deadline", "2020-01-01", code=1
    )
    assert "--deadline: deadline 2020-01-01 is not after start 2030-01-01" in result.stderr
    result = cli(
        "init", str(other), "--name", "X", "--target", "5", "--deadline", "2030-01-01", "--members", "Narnia", code=2
    )
    assert "--members: no UK council matches 'Narnia'" in result.stderr
    assert not other.exists()


def test_the_packaged_authorities_match_the_shipped_file():
    shipped = yaml.safe_load((FIXTURE / "boroughs.yaml").read_text())["boroughs"]
    packaged = yaml.safe_load((ROOT / "src" / "apprentrack" / "places" / "london.yaml").read_text())["authorities"]
    keys = ("slug", "name", "code", "area", "aliases")
    assert [{k: b.get(k) for k in keys} for b in packaged] == [{k: b.get(k) for k in keys} for b in shipped]


@pytest.mark.slow
def test_init_and_status_from_an_installed_wheel_outside_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("apprentrack-*.whl")
    with zipfile.ZipFile(wheel) as contents:  # the licence and the credits of the data it ships go with it
        names = contents.namelist()
        notice = contents.read(next(n for n in names if n.endswith("licenses/NOTICE"))).decode()
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert "Open Government Licence" in notice and "apprentrack/places/london.yaml" in names
    assert "Open Innovations" in notice and "apprentrack/places/uk_local_authorities_2023.hexjson" in names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}  # this wheel's apprentrack first; its dependencies from here
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "apprentrack", *args], cwd=work, env=env, capture_output=True, text=True
        )

    where = subprocess.run(
        [sys.executable, "-c", "import apprentrack; print(apprentrack.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(site))
    assert (
        run(
            "init", "prog", "--name", "Cohort", "--target", "10", "--start", "2025-04-01", "--deadline", "2026-03-31"
        ).returncode
        == 0
    )
    result = run("--data-dir", "prog", "status", "--as-of", "2025-06-01", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["target"] == 10


# --- pledges and headcount --------------------------------------------------------------------------


HOUNSLOW_MEMBERSHIP = "member_since: null  # joined LOTI during 2020, date not public: set it when known\n"


def with_pledge_and_headcount(data_dir: Path) -> None:
    path = data_dir / "boroughs.yaml"
    text = path.read_text()
    text = text.replace(
        "    code: E09000012\n    area: inner\n    member_since: 2019-06-10  # reconstructed founding member\n",
        "    code: E09000012\n    area: inner\n    member_since: 2019-06-10\n    pledge: 25\n    headcount: 2400\n",
    )
    text = text.replace(
        f"    code: E09000018\n    area: outer\n    {HOUNSLOW_MEMBERSHIP}",
        "    code: E09000018\n    area: outer\n    member_since: null\n    headcount: 300\n",
    )
    path.write_text(text)


def test_pledges_show_against_counted_hires_and_pipeline_against_the_target(cli, data_dir):
    with_pledge_and_headcount(data_dir)
    data = json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)
    row = next(b for b in data["boroughs"] if b["slug"] == "hackney")
    assert (row["pledge"], row["counted"], row["pledged"]) == (25, 22, 0)
    assert (data["pipeline"], data["with_pipeline"], data["pledged_apart"]) == (2, 75, 1)
    out = " ".join(cli("status", "--as-of", "2020-03-11").stdout.split())
    assert "With pipeline 75 of 100 (73 counted + 2 pledged)" in out
    assert "Hackney 22 of 25" in out
    assert "'12 of 15': 12 counted of the 15 places the borough pledged" in out


def test_headcount_shares_per_public_sector_period(cli, data_dir):
    with_pledge_and_headcount(data_dir)
    data = json.loads(cli("status", "--as-of", "2020-08-28", "--headcount", "-f", "json").stdout)
    rows = {r["slug"]: r for r in data["headcount"]}
    assert set(rows) == {"hackney", "hounslow"}
    records = yaml.safe_load(hackney(data_dir))
    in_2019_20 = sum(r["status"] != "pledged" and "2019-04-01" <= str(r["start_date"]) <= "2020-03-31" for r in records)
    first, second = rows["hackney"]["periods"]
    assert (first["label"], first["starts"], first["percent"]) == (
        "2019/20",
        in_2019_20,
        round(100 * in_2019_20 / 2400, 2),
    )
    assert (second["label"], second["end"], first["meets_target"]) == ("2020/21", "2020-08-28", False)
    hounslow = rows["hounslow"]["periods"]
    assert [p["starts"] for p in hounslow] == [1, 1]  # a non-member is still a public body with a target
    assert hounslow[0]["meets_target"] is False and round(100 * 1 / 300, 2) == hounslow[0]["percent"]
    out = cli("status", "--as-of", "2020-08-28", "--headcount").stdout
    assert "Apprenticeship starts as a share of headcount (target: 2.3% a year" in out
    assert f"Hackney       2400 {in_2019_20} ({100 * in_2019_20 / 2400:.1f}%)" in out


def test_headcount_without_any_headcount_says_how_to_add_one(cli):
    out = cli("status", "--headcount").stdout
    assert "No borough has a headcount: add `headcount: N` to a borough in boroughs.yaml" in out
