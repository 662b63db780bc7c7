"""`apprentrack map`: the member boroughs and their counts, in a terminal (a tile grid that fits 80
columns, no colour where there is none) and as SVG, PNG or an HTML page: well-formed, titled,
self-contained, carrying the credit for the boundaries and the same numbers as `status` for the day."""

from __future__ import annotations

from picture_checks import (
    DAY,
    SVG,
    Page,
    check_svg,
    dot_radii,
    legend_labels,
    marks,
    members,
    needs_charts,
    png_of,
    png_size,
    size_legend,
    status_of,
)

from apprentrack.places.london import BOUNDARY_CREDIT, short_name


@needs_charts
def test_the_map_svg_has_every_borough_the_members_counts_and_the_credit(cli, tmp_path):
    cli("map", "--as-of", DAY, "--output", str(tmp_path / "map.svg"))
    text = (tmp_path / "map.svg").read_text(encoding="utf-8")
    root = check_svg(text)
    shapes = next(g for g in root.iter(f"{SVG}g") if "mark-shape" in g.get("class", ""))
    assert len(shapes.findall(f"{SVG}path")) == 33
    assert BOUNDARY_CREDIT in "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    desc = root.find(f"{SVG}desc").text
    data = status_of(cli)
    assert f"the 15 member boroughs of {data['programme']} are shaded; 73 apprentices counted" in desc
    assert f"{data['counted']} apprentices counted, as of 11 March 2020" in root.find(f"{SVG}title").text + text
    for name, counted in members(data).items():
        assert f"{name} {counted}" in desc
    # Every member's count, 0 included (Lewisham, Tower Hamlets); the other boroughs' hires apart, as
    # the terminal map shows them, and in the legend.
    assert sorted(map(int, marks(root, "layer_2"))) == sorted(members(data).values())
    assert 0 in members(data).values()
    assert marks(root, "layer_4") == ["(1)", "(1)"]  # Croydon and Hounslow
    assert "Hires of other boroughs, not counted" in legend_labels(root)
    assert "Croydon 1; Hounslow 1" in desc
    legend = size_legend(root)  # whole numbers, each beside a circle of the size a dot of it is drawn
    assert list(legend) == [0, 5, 10, 20] and sorted(legend.values()) == list(legend.values())
    for name, counted in members(data).items():  # a dot of the same count is the legend's size
        if counted in size_legend(root):
            assert counted in dot_radii(root) and dot_radii(root)[counted] == size_legend(root)[counted], name


@needs_charts
def test_the_map_as_png_and_as_a_page(cli, tmp_path):
    cli("map", "--as-of", DAY, "-o", str(tmp_path / "map.png"))
    width, height = png_size((tmp_path / "map.png").read_bytes())
    assert width > 1000 and height > 1000  # twice the SVG's size, for a blog
    cli("map", "--as-of", DAY, "-o", str(tmp_path / "map.html"))
    text = (tmp_path / "map.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.title == "LOTI Digital Apprentices: map as of 11 March 2020" and page.links == []
    ((src, alt),) = page.images  # a PNG in the page, which survives a paste; no inline SVG, which does not
    assert png_size(png_of(src))[0] > 1000 and alt.startswith("Map of London's 33 boroughs as of 11 March 2020")
    assert "<svg" not in text and BOUNDARY_CREDIT in text


def test_the_terminal_map_fits_80_columns_and_shows_every_members_count(cli):
    out = cli("map", "--as-of", DAY).stdout
    lines = out.splitlines()
    assert lines[0] == "LOTI Digital Apprentices: 73 of 100 counted, as of 11 March 2020"
    assert max(map(len, lines)) <= 80 and "\x1b[" not in out
    assert "geofacet" in out
    for name, counted in members(status_of(cli)).items():
        tile = f"[{short_name(name):^7}]"
        row = next(i for i, line in enumerate(lines) if tile in line)
        column = lines[row].index(tile)
        assert lines[row + 1][column : column + 9] == f"[{counted:^7}]", name
    assert " (1) " in out  # Croydon and Hounslow: hires of other boroughs, in brackets, not counted


@needs_charts
def test_a_png_is_not_written_to_a_terminal_but_goes_to_a_pipe(cli):
    assert cli("map", "--as-of", DAY, "-f", "png").stdout_bytes.startswith(b"\x89PNG")
