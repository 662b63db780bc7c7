"""One hire is one record: a ref is unique in its borough, an import never adds a row twice, a changed
row is shown and applied only on request, and a likely duplicate is flagged when it is added."""

from __future__ import annotations

import json

import pytest
from helpers import snapshot_tree

ADD = ("add", "-b", "hackney", "--role", "Software Developer", "--start-date", "2020-09-07")


def hackney(cli) -> list[dict]:
    return json.loads(cli("list", "-b", "hackney", "-f", "json").stdout)


@pytest.mark.parametrize("again", ["HR-0042", "hr-0042", "  HR-0042 "])
def test_a_ref_used_in_the_borough_is_refused(cli, data_dir, again):
    assert cli(*ADD, "--ref", "HR-0042").stdout.startswith("Added hackney-0025")
    before = snapshot_tree(data_dir)
    result = cli(*ADD, "--ref", again, code=1)
    assert f"--ref: '{again.strip()}' is already the ref of hackney-0025 in " in result.stderr
    assert snapshot_tree(data_dir) == before
    cli("add", "-b", "camden", "--role", "Dev", "--start-date", "2020-09-07", "--ref", "HR-0042")  # another borough


def test_validate_reports_a_ref_used_twice_in_a_borough(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(
        "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  ref: M-1\n"
        "- id: merton-0002\n  role: Ops\n  start_date: 2020-01-07\n  ref: 'm-1 '\n"
    )
    result = cli("validate", code=1)
    assert f"{path}:5: ref 'm-1' is used twice in this file (also line 1)" in result.stdout


CSV = "Role,Start date,Level,Status\nContent Designer,07/09/2020,,in post\n{rows}"


def test_importing_a_ref_less_sheet_twice_adds_nothing_the_second_time(cli, tmp_path):
    sheet = tmp_path / "cohort.csv"
    row = "Content Designer,07/09/2020,,in post\n"
    sheet.write_text(CSV.format(rows=row * 2))  # three identical rows: a cohort that started together
    first = cli("import", str(sheet), "-b", "hackney")
    assert first.stdout == "Imported 3 record(s) (hackney 3); skipped 0 already recorded.\n"
    again = cli("import", str(sheet), "-b", "hackney")
    assert again.stdout == "Imported 0 record(s); skipped 3 already recorded.\n"
    sheet.write_text(CSV.format(rows=row * 4))  # two more rows than records: two are new
    assert cli("import", str(sheet), "-b", "hackney").stdout.startswith("Imported 2 record(s) (hackney 2)")
    assert sum(r["role"] == "Content Designer" and r["start_date"] == "2020-09-07" for r in hackney(cli)) == 5


def test_a_changed_status_is_listed_and_applied_only_with_update(cli, data_dir, tmp_path):
    sheet = tmp_path / "hackney.csv"
    sheet.write_text("Ref,Role,Start date,Status,End date\nHR-1,Data Analyst,01/09/2020,in post,\n")
    cli("import", str(sheet), "-b", "hackney")
    sheet.write_text("Ref,Role,Start date,Status,End date\nHR-1,Data Analyst,01/09/2020,withdrawn,30/10/2020\n")
    before = snapshot_tree(data_dir)
    shown = cli("import", str(sheet), "-b", "hackney").stdout
    assert shown.splitlines() == [
        "Imported 0 record(s); skipped 1 already recorded.",
        "1 recorded row(s) differ in status or end date (not applied):",
        "  row 2: hackney-0025: status in_post -> withdrawn, end_date - -> 2020-10-30",
        "Run the import again with --update to apply them.",
    ]
    assert snapshot_tree(data_dir) == before
    applied = cli("import", str(sheet), "-b", "hackney", "--update").stdout
    assert "(applied):" in applied
    (record,) = [r for r in hackney(cli) if r["id"] == "hackney-0025"]
    assert (record["status"], record["end_date"]) == ("withdrawn", "2020-10-30")
    cli("validate")


def test_update_through_import_is_all_or_nothing(cli, data_dir, tmp_path):
    sheet = tmp_path / "hackney.csv"
    # hackney-0002 is in post: it may be withdrawn; hackney-0001 has completed: it cannot go back.
    sheet.write_text(
        "Id,Role,Start date,Status,End date\n"
        "hackney-0002,Network Engineer,01/08/2019,withdrawn,01/10/2020\n"
        "hackney-0001,ICT Help Desk Apprentice,10/07/2019,in post,\n"
    )
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), "--update", "-b", "hackney", code=1)
    assert "--status: hackney-0001: 'completed' is final: the record cannot become 'in_post'" in result.stderr
    assert snapshot_tree(data_dir) == before


def test_a_row_that_could_be_several_records_is_refused(cli, data_dir, tmp_path):
    for status in ("in_post", "withdrawn"):
        args = ("--end-date", "2020-10-01") if status == "withdrawn" else ()
        cli("add", "-b", "hackney", "--role", "Tester", "--start-date", "2020-09-07", "--status", status, *args)
    sheet = tmp_path / "hackney.csv"
    sheet.write_text("Role,Start date,Status,End date\nTester,07/09/2020,completed,30/10/2020\n")
    before = snapshot_tree(data_dir)
    result = cli("import", str(sheet), "-b", "hackney", "--update", code=1)
    assert "row 2: could be any of hackney-0025, hackney-0026; give the id or ref to say which" in result.stderr
    assert snapshot_tree(data_dir) == before


def test_add_warns_of_a_hire_with_the_same_role_and_start(cli):
    cli(*ADD)
    second = cli(*ADD)  # not a terminal: a warning, and the record is added (a cohort starts together)
    assert (
        "Warning: hackney-0025 has the same role, start date, level and standard in Hackney: the same hire twice?"
        in second.stderr
    )
    assert second.stdout.startswith("Added hackney-0026")


def test_add_asks_before_adding_a_likely_duplicate_when_interactive(cli, data_dir):
    cli(*ADD)
    before = snapshot_tree(data_dir)
    skipped = "\n" * 4  # the status as its default, no standard, level or ref
    refused = cli(*ADD, "--interactive", input=skipped + "n\n", code=1)
    assert "Add it anyway? [y/N]" in refused.stderr and "Not added: nothing was written." in refused.stderr
    assert snapshot_tree(data_dir) == before
    assert cli(*ADD, "--interactive", input=skipped + "y\n").stdout.startswith("Added hackney-0026")
