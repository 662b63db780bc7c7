"""`apprentrack chart`: the burn-up, week by week or month by month, in a terminal (80 columns, readable
without colour, the even pace stopping at the deadline) and as SVG, PNG, HTML or text: titled, with the
figures `status` gives for the day, and the forecast named an estimate. (Its figures: core/test_burnup.py.)"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from picture_checks import DAY, SVG, check_svg, needs_charts, png_size, status_of


def target_row(out: str) -> str:
    return next(line for line in out.splitlines() if line.lstrip().startswith("100 ┤"))


def plot(out: str) -> str:
    """The rows of the plot: between the title and the x axis (the legend has a bar glyph too)."""
    lines = out.splitlines()
    return "\n".join(lines[1 : next(i for i, line in enumerate(lines) if "└" in line)])


def test_terminal_chart_fits_80_columns_and_reads_without_colour(cli):
    out = cli("chart", "--as-of", "2020-03-11").stdout
    lines = out.splitlines()
    assert lines[0] == "LOTI Digital Apprentices: counted toward the target, by week, as of 2020-03-11"
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in out  # no colour codes where there is no terminal
    assert "█ counted  · even pace, start to deadline  ─ target 100  ┆ deadline 2020-09-30" in out
    months, years = lines[-4:-2]
    assert months.split() == ["J", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "O"]  # fmt: skip
    assert years.split() == ["2019", "2020"]
    assert years.index("2020") == months.index("Jan")  # the year under its January
    assert "█" not in target_row(out)  # 73 of 100: the bars stay below the target line


def test_bars_reach_the_target_once_it_is_met(cli):
    assert "█" in target_row(cli("chart", "--as-of", "2020-08-28").stdout)
    assert "█" in plot(cli("chart", "--as-of", "2019-07-31").stdout)
    assert "█" not in plot(cli("chart", "--as-of", "2019-06-30").stdout)  # no hire before July 2019


def test_by_month(cli):
    out = cli("chart", "--by", "month", "--as-of", "2020-08-28").stdout
    assert "by month" in out.splitlines()[0] and max(len(line) for line in out.splitlines()) <= 80


def test_svg_output(cli, tmp_path):
    target = tmp_path / "burnup.svg"
    result = cli("chart", "--output", str(target))
    assert f"Wrote {target}" in result.stderr
    root = ET.fromstring(target.read_text())
    assert root.tag.endswith("svg")


def test_the_even_pace_stops_at_the_deadline(tiny):
    """A chart that runs on past the deadline (a hire in April): the even pace reaches the target in the
    deadline's column and draws nothing right of its marker, which stands at the end of that column."""
    tiny.write("hackney", "- {id: hackney-0001, role: Dev, start_date: 2021-01-11}\n"
               "- {id: hackney-0002, role: Dev, start_date: 2021-04-20}\n")  # fmt: skip
    lines = plot(tiny("chart", "--as-of", "2021-05-01").stdout).splitlines()
    deadline_at = lines[0].index("┆")
    assert any(line[deadline_at + 1 :].strip() for line in lines)  # the chart goes on after it
    assert "·" in "".join(line[:deadline_at] for line in lines)
    assert all("·" not in line[deadline_at + 1 :] for line in lines), "\n".join(lines)


@pytest.mark.parametrize("name", ["burnup.gif", "burnup"])
def test_a_picture_name_it_cannot_write(cli, tmp_path, name):
    result = cli("chart", "--output", str(tmp_path / name), code=2)
    assert "names none of the formats here: give a name ending .txt (the text), .svg, .png or .html" in result.stderr
    assert not (tmp_path / name).exists()


def test_text_to_a_file(cli, tmp_path):
    cli("chart", "--as-of", "2020-03-11", "--output", str(tmp_path / "burnup.txt"))
    text = (tmp_path / "burnup.txt").read_text(encoding="utf-8")
    assert text.startswith("LOTI Digital Apprentices: counted toward the target, by week, as of 2020-03-11\n")
    assert "┆ deadline 2020-09-30" in text and max(len(line) for line in text.splitlines()) <= 100


# --- as pictures -------------------------------------------------------------------------------------


@needs_charts
def test_the_burnup_svg_is_a_chart_with_the_status_figures(cli, tmp_path):
    cli("chart", "--as-of", DAY, "-o", str(tmp_path / "burnup.svg"))
    text = (tmp_path / "burnup.svg").read_text(encoding="utf-8")
    root = check_svg(text)
    labels = [t.text for t in root.iter(f"{SVG}text")]
    months = ["Jul 2019", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan 2020", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]
    assert [*months, "Aug", "Sep", "Oct"] == [t for t in labels if re.fullmatch(r"[A-Z][a-z]{2}( \d{4})?", t)]
    legend = {"Counted", "Target (100)", "Even pace, start to deadline", "Forecast (estimate)"}
    assert legend <= set(labels) and "Deadline 30 September 2020" in labels
    data = status_of(cli)
    assert f"{data['counted']} of {data['target']} counted, as of 11 March 2020" in " ".join(labels)
    assert "target reached around" not in text  # the forecast is drawn, and named an estimate
    assert root.find(f"{SVG}desc").text.startswith("Burn-up chart of LOTI Digital Apprentices: 73 of 100 counted")


@needs_charts
def test_no_forecast_once_the_target_is_met(cli, tmp_path):
    cli("chart", "--as-of", "2020-08-28", "-o", str(tmp_path / "burnup.svg"))
    labels = [t.text for t in ET.parse(tmp_path / "burnup.svg").getroot().iter(f"{SVG}text")]
    assert "Forecast (estimate)" not in labels and any("met on 6 August 2020" in (t or "") for t in labels)


@needs_charts
def test_the_burnup_as_png(cli, tmp_path):
    cli("chart", "-o", str(tmp_path / "burnup.png"))
    assert png_size((tmp_path / "burnup.png").read_bytes())[0] > 1000
