import xml.etree.ElementTree as ET

import pytest


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


def test_the_even_pace_stops_at_the_deadline(cli):
    out = cli("chart", "--as-of", "2020-03-11").stdout
    deadline_at = next(line for line in out.splitlines() if line.endswith("┆")).rindex("┆")
    for line in plot(out).splitlines():
        assert "·" not in line[deadline_at + 1 :]  # nothing of the even pace after the deadline's column


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
