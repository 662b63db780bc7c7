"""`apprentrack summary`: one ISO week (the last complete one by default, or --week, or the week before
--as-of) as a weeknote in Markdown, JSON, CSV, SVG, HTML or PNG: the same content in each, agreeing with
`status` for the week's last day and with the records; --output with its pictures beside it; bad weeks
refused. (The week's figures: core/test_weekly.py; no id or ref in any format: guarantees/test_privacy.py.)"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
import yaml
from helpers import FIXTURE
from markdown_it import MarkdownIt
from picture_checks import Page, check_svg, members, needs_charts, png_of, png_size, status_of

from apprentrack.places.london import BOUNDARY_CREDIT

W11 = ("summary", "--week", "2020-W11")


def shipped_records():
    """(slug, record) pairs and member dates, read straight from the YAML: independent of the code."""
    boroughs = yaml.safe_load((FIXTURE / "boroughs.yaml").read_text())["boroughs"]
    members = {b["slug"]: b["member_since"] for b in boroughs if b["member_since"]}
    records = []
    for path in (FIXTURE / "apprentices").glob("*.yaml"):
        records += [(path.stem, r) for r in yaml.safe_load(path.read_text())]
    return records, members


def test_week_11_agrees_with_status_and_the_records(cli):
    data = json.loads(cli(*W11, "--format", "json").stdout)
    status = json.loads(cli("status", "--as-of", "2020-03-15", "-f", "json").stdout)
    assert (data["week"], data["week_start"], data["week_end"]) == ("2020-W11", "2020-03-09", "2020-03-15")
    assert data["schema_version"] == 3
    assert (data["counted"], data["target"]) == (status["counted"], 100)
    assert data["verdict"] == status["verdict"] and data["forecast_date"] == status["forecast_date"]
    records, members = shipped_records()
    started = [
        slug
        for slug, r in records
        if slug in members and r["status"] != "pledged" and date(2020, 3, 9) <= r["start_date"] <= date(2020, 3, 15)
    ]
    assert data["new_this_week"] == len(started) > 0
    assert data["change"] == data["counted"] - data["previous_counted"] == len(started)
    by_borough = {b["slug"]: b["new_this_week"] for b in data["boroughs"]}
    for slug in set(started):
        assert by_borough[slug] == started.count(slug)
    assert data["top_boroughs"][0] == max(set(started), key=lambda s: (started.count(s), [-ord(c) for c in s]))


def test_markdown_is_a_weeknote_with_tables(cli):
    text = cli(*W11).stdout  # markdown is the default
    assert text.startswith("## LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(t.type == "table_open" for t in tokens) == 3  # figures, boroughs, roles
    assert "| Counted | 74 of 100 (74%) |" in text
    assert "| **Total** | **4** | **74** |" in text
    # four boroughs tied on 1: all four named, none left out
    assert "Most new hires this week: Barking and Dagenham (1), Brent (1), Ealing (1), Southwark (1)." in text
    assert "| Forecast | target reached around 5 July 2020 (estimate) |" in text
    assert "| At the deadline | about 120 at the recent pace (estimate) |" in text


def test_csv_reads_back_to_the_json_figures(cli):
    data = json.loads(cli(*W11, "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(cli(*W11, "-f", "csv").stdout)))
    assert list(rows[0]) == ["week", "section", "borough", "name", "member", "new_this_week", "counted"]
    boroughs = [r for r in rows if r["section"] in ("member", "other")]
    assert [r["section"] for r in rows[: len(boroughs) + 1]] == ["member"] * 15 + ["total", "other", "other"]
    assert sum(int(r["counted"]) for r in boroughs if r["section"] == "member") == data["counted"]
    (total,) = [r for r in rows if r["section"] == "total"]
    roles = [r for r in rows if r["section"] == "role"]
    assert [(r["name"], int(r["counted"])) for r in roles] == [(g["label"], g["counted"]) for g in data["by_role"]]
    assert [(r["borough"], int(r["new_this_week"]), int(r["counted"])) for r in boroughs] == [
        (b["slug"], b["new_this_week"], b["counted"]) for b in data["boroughs"]
    ]
    assert (total["borough"], int(total["new_this_week"]), int(total["counted"])) == (
        "total",
        data["new_this_week"],
        data["counted"],
    )


def test_svg_is_well_formed_and_html_is_a_page(cli):
    svg = cli(*W11, "-f", "svg").stdout
    assert ET.fromstring(svg).tag.endswith("svg")
    html = cli(*W11, "-f", "html").stdout
    assert html.lstrip().lower().startswith("<!doctype html>") and "2020-W11" in html


def test_output_file_and_the_default_week(cli, tmp_path):
    target = tmp_path / "week.md"
    result = cli("summary", "--as-of", "18/03/2020", "--output", str(target))  # a Wednesday: last week was W11
    assert result.stdout == "" and f"Wrote {target}" in result.stderr
    written = target.read_text()
    pictures = [line for line in written.splitlines() if line.startswith("![")]
    assert pictures == [
        "![Burn-up chart as of 15 March 2020](2020-W11-burnup.png)",
        "![Map of the member boroughs and their counts as of 15 March 2020](2020-W11-map.png)",
    ]
    for name in ("2020-W11-burnup.png", "2020-W11-map.png"):  # written beside it, named for the week
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert re.sub(r"!\[.*\n\n", "", written) == cli(*W11).stdout  # otherwise what stdout gets


@pytest.mark.parametrize(
    "args, message",
    [
        (("--week", "2020-W54"), "--week: '2020-W54': 2020 has no week 54"),
        (("--week", "11"), "not an ISO week; write YYYY-Www, e.g. 2020-W11"),
        (("--week", "2020-W11", "--as-of", "2020-03-18"), "give --week or --as-of, not both"),
        (("--week", "2150-W01"), "has not begun yet"),
    ],
)
def test_bad_weeks_are_usage_errors(cli, args, message):
    result = cli("summary", *args, code=2)
    assert message in result.stderr and result.stdout == ""


def test_after_the_deadline_the_summary_gives_the_final_result(cli):
    text = cli("summary", "--week", "2026-W47").stdout
    assert "| Deadline | 30 September 2020 (passed): 116 counted by then |" in text
    assert "| Verdict | Met on 6 August 2020 |" in text
    assert "No new hires this week." in text
    assert "Forecast" not in text and "Time left" not in text


def test_the_weekly_summary_counts_by_role_in_markdown_json_and_pictures(cli):
    markdown = cli("summary", "--week", "2020-W11").stdout
    assert "### By role\n\n| Role | Counted |\n| --- | ---: |\n| Project Manager | 9 |" in markdown
    data = json.loads(cli("summary", "--week", "2020-W11", "-f", "json").stdout)
    assert sum(g["counted"] for g in data["by_role"]) == data["counted"] == 74
    html = cli("summary", "--week", "2020-W11", "-f", "html").stdout
    assert '<th scope="row">Project Manager</th><td class="n">9</td>' in html
    svg = cli("summary", "--week", "2020-W11", "-f", "svg").stdout.replace("&#160;", " ")
    assert "Counted by role (member boroughs)" in svg


def test_a_week_in_which_a_borough_joined_explains_its_change_in_words(tiny):
    tiny.write("croydon", "- {id: croydon-0001, role: Dev, start_date: 2021-01-12}\n")
    text = (tiny.data_dir / "boroughs.yaml").read_text()
    (tiny.data_dir / "boroughs.yaml").write_text(text + "    member_since: 2021-02-10\n")  # croydon, last
    assert json.loads(tiny("summary", "--week", "2021-W06", "-f", "json").stdout)["joined"] == ["Croydon"]
    markdown = tiny("summary", "--week", "2021-W06").stdout
    change = "+1 (0 last week; +0 started this week; +1 from Croydon, which joined this week)"
    assert f"| Change on the week before | {change} |" in markdown


# --- as a page and a picture --------------------------------------------------------------------------


@needs_charts
def test_the_summary_page_is_self_contained_with_tables_chart_and_map(cli, tmp_path):
    cli("summary", "--week", "2020-W11", "--format", "html", "--output", str(tmp_path / "week.html"))
    text = (tmp_path / "week.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.title == "LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)"
    assert page.tables >= 2 and page.row_headers > 20 and page.links == []
    assert "<script" not in text and "@import" not in text and "@font-face" not in text
    assert re.findall(r"https?://", text) == [] and "<svg" not in text and BOUNDARY_CREDIT in text
    # The chart and the map as PNG images in the page (data: URIs): they survive a paste into a rich-text
    # editor, as inline SVG does not; each with its alt text.
    (chart, chart_alt), (place, map_alt) = page.images
    assert png_size(png_of(chart))[0] > 1000 and png_size(png_of(place))[0] > 1000
    assert chart_alt.startswith("Burn-up chart of LOTI Digital Apprentices: 74 of 100 counted as of 15 March 2020")
    assert map_alt.startswith("Map of London's 33 boroughs as of 15 March 2020")
    data = status_of(cli, "2020-03-15")  # the week's last day
    assert f"<strong>{data['counted']} of 100 apprentices recruited (74%)</strong>" in text
    for name, counted in members(data).items():
        assert re.search(
            rf'<th scope="row">{re.escape(name)}</th><td class="n">\d+</td><td class="n">{counted}</td>', text
        )


@pytest.mark.slow  # five formats, three of them drawn
@needs_charts
def test_every_summary_format_carries_the_same_content(cli, tmp_path):
    week = ("summary", "--week", "2020-W11")
    markdown = cli(*week).stdout
    data = json.loads(cli(*week, "-f", "json").stdout)
    html = cli(*week, "-f", "html").stdout
    svg = cli(*week, "-f", "svg").stdout.replace("&#160;", " ")
    check_svg(svg)
    pieces = [
        "4 new this week",
        "Most new hires this week: Barking and Dagenham (1), Brent (1), Ealing (1), Southwark (1).",
        "Other boroughs, not members and not counted toward the target: Croydon 1, Hounslow 1.",
        "2 pledged places expected by the deadline, not yet counted",
        "Counts only, no individual records.",
    ]
    for piece in pieces:
        assert piece in markdown and piece in html and piece in svg, piece
    assert (data["pipeline"], data["with_pipeline"], data["pledged_apart"]) == (2, 76, 1)
    assert data["note"].startswith("Counts only, no individual records.")
    assert [r["slug"] for r in data["boroughs"] if not r["member"]] == ["croydon", "hounslow"]
    cli(*week, "-f", "png", "-o", str(tmp_path / "week.png"))
    png_size((tmp_path / "week.png").read_bytes())


W11_TEXT = """\
LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)

74 of 100 apprentices recruited (74%), 4 new this week. Verdict: On track.

- Change on the week before: +4 (70 last week; +3 started this week; +1 logged since the week ended).
- Remaining: 26 to go by 30 September 2020; time left: 199 days (28.4 weeks); pace needed: 0.9 a week; \
recent pace: 1.6 a week (13 in the last 8 weeks).
- Forecast: target reached around 5 July 2020 (estimate); at the deadline: about 120 at the recent pace (estimate).
- New hires this week: Barking and Dagenham 1, Brent 1, Ealing 1, Southwark 1.
- Pipeline: 2 pledged places expected by the deadline, not yet counted; with pipeline: 76 of 100 (74 counted + 2 \
pledged); pledged apart: 1 pledged place expected after the deadline: not pipeline.
- Other boroughs, not members and not counted toward the target: Croydon 1, Hounslow 1.

Counts only, no individual records. Forecasts are estimates from the recent pace. Data as of 15 March 2020.
"""


def markup_in(text: str) -> list[str]:
    """What Markdown would make of the text beyond paragraphs and a bullet list: tables, headings, emphasis,
    links, code, HTML. Plain text pasted into an editor that reads Markdown (or does not) reads the same."""
    plain = {"paragraph_open", "paragraph_close", "inline", "bullet_list_open", "bullet_list_close"}
    plain |= {"list_item_open", "list_item_close", "text", "softbreak"}
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [t.type for t in tokens for t in [t, *(t.children or [])] if t.type not in plain]


def test_a_finished_programme_reads_as_a_result_not_rows_of_zeros(cli):
    text = cli("summary", "--week", "2026-W47", "-f", "text").stdout
    assert text.splitlines()[2] == (
        "Result: target met on 6 August 2020, with 116 of 100 apprentices recruited by the deadline, 30 September 2020."
    )
    assert "- No new hires this week." in text
    assert " 0," not in text and " 0." not in text and "Pace" not in text and "Forecast" not in text
    assert len(text.splitlines()) < 10


def test_text_is_chosen_by_a_txt_file_and_status_keeps_its_table_there(cli, tmp_path):
    cli(*W11, "-o", str(tmp_path / "week.txt"))
    assert (tmp_path / "week.txt").read_text() == W11_TEXT
    cli("status", "--as-of", "2020-03-11", "-o", str(tmp_path / "status.txt"))
    assert (
        (tmp_path / "status.txt")
        .read_text()
        .startswith("LOTI Digital Apprentices, as of 2020-03-11\nCounted          73 of 100 (73%)")
    )


def test_text_names_a_hire_logged_late_and_a_missed_target(tiny):
    tiny.write(
        "hackney",
        """\
        - {id: hackney-0001, role: Dev, start_date: 2021-01-05}
        - {id: hackney-0002, role: Dev, start_date: 2021-01-12, logged: 2021-01-19}
        """,
    )
    text = tiny("summary", "--week", "2021-W03", "-f", "text", "--as-known").stdout
    assert "- Change on the week before: +1 (1 last week; +0 started this week; +1 logged this week with an " in text
    assert "earlier start (Hackney 1))." in text
    final = tiny("summary", "--week", "2021-W14", "-f", "text").stdout
    assert "Result: target missed by 8, with 2 of 10 apprentices recruited by the deadline, 28 March 2021." in final


def test_text_pastes_as_sentences_with_no_table_or_markup(cli):
    text = cli(*W11, "--format", "text").stdout
    assert text == W11_TEXT
    assert markup_in(text) == [] and not re.search(r"[|*_`#<>\[\]]", text)
    assert markup_in("| a | b |\n| - | - |\n| 1 | 2 |\n\n**x**") != []  # the check can fail
