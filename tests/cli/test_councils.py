"""Programmes beyond London's boroughs: any UK council of 2023 by name, code or region (Greater Manchester,
Wales, Scotland), and organisations that are not places (NHS trusts); the programme's own word for its
members in every heading and message; the hex map. London's programmes are as they were."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
import yaml
from helpers import Cli, snapshot_tree
from picture_checks import dot_radii, marks, size_legend

from apprentrack.domain.programme import Borough, Programme, Registry, spelling
from apprentrack.domain.words import Noun
from apprentrack.output.hex_text_map import short_name
from apprentrack.pictures.map_marks import legend_values, size_range
from apprentrack.places.uk import HEX_CREDIT, councils, find_councils, slug_of
from apprentrack.storage.cache import Cache

GM = [f"E080000{n:02d}" for n in range(1, 11)]  # Bolton ... Wigan
SVG = "{http://www.w3.org/2000/svg}"
DAY = "2024-09-30"


def init(tmp_path, *options: str, name: str = "prog") -> Cli:
    root = tmp_path / name
    result = Cli(root)(
        "init", str(root), "--name", "Greater Manchester Digital Apprentices", "--target", "30",
        "--start", "2024-04-01", "--deadline", "2025-03-31", *options,
    )  # fmt: skip
    assert f"Created {root / 'boroughs.yaml'}" in result.stdout
    return Cli(root)


def hire(cli: Cli, council: str, day: str, role: str = "Software developer"):
    return cli("add", "-b", council, "--role", role, "--start-date", day, "--no-interactive")


def boroughs(cli: Cli) -> list[dict]:
    return json.loads(cli("boroughs", "-f", "json").stdout)


@pytest.fixture
def gm(tmp_path) -> Cli:
    """Greater Manchester's ten districts by code, with hires: Manchester 3, Salford 1, Wigan 1, and
    Warrington (North West, not a member) 1."""
    cli = init(tmp_path, "--members", ",".join(GM))
    hire(cli, "Manchester", "2024-05-01")
    hire(cli, "Manchester City Council", "2024-06-03", "Data analyst")
    hire(cli, "E08000003", "2024-07-01", "Project manager")
    hire(cli, "Salford City Council", "2024-05-13")
    hire(cli, "wigan", "2024-08-05")
    assert "Warrington is not a member" in hire(cli, "Warrington", "2024-06-05").stdout
    return cli


# ------------------------------------------------------------------------------------ init, any council


def test_greater_manchester_from_init_holds_its_region_with_codes_and_no_area(gm):
    rows = boroughs(gm)
    assert len(rows) == 35  # the North West's districts: the members and the others of their region
    assert [r["code"] for r in rows if r["member_since"]] == GM
    assert {r["name"] for r in rows if r["member_since"]} >= {"Bolton", "Manchester", "Salford", "Wigan"}
    assert all(r["area"] is None and re.fullmatch(r"E0[678]\d{6}", r["code"]) for r in rows)
    text = (gm.data_dir / "boroughs.yaml").read_text()
    assert "member_word: council" in text and "area:" not in text and "GSS codes from the ONS" in text
    assert "OK: no problems" in gm("validate").stdout


def test_status_of_a_council_programme_in_its_own_words(gm):
    out = gm("status", "--as-of", DAY).stdout
    assert "Counted      5 of 30 (16.7%)" in out
    assert "Member councils (counted toward the target)" in out and "Other councils (shown apart, not counted)" in out
    assert re.search(r"^Council +Counted", out, re.M) and re.search(r"^Manchester +3 ", out, re.M)
    assert re.search(r"^Warrington +1 ", out, re.M) and "borough" not in out.lower()
    data = json.loads(gm("status", "--as-of", DAY, "-f", "json").stdout)
    assert (data["counted"], data["member_word"], data["schema_version"]) == (5, "council", 3)
    assert {r["slug"]: r["counted"] for r in data["boroughs"] if r["counted"]} == {
        "manchester": 3, "salford": 1, "wigan": 1, "warrington": 1,
    }  # fmt: skip
    miss = gm("add", "-b", "Manchster", "--role", "X", "--start-date", DAY, code=2).stderr
    assert "Error: --borough: no council matches 'Manchster'; did you mean Manchester or Lancaster?" in miss
    by_area = gm("status", "--as-of", DAY, "--by", "area").stdout  # inner and outer are London's
    assert "Counted by area (member councils)" in by_area and re.search(r"^\(no area\) +5 ", by_area, re.M)


def test_a_council_programmes_weekly_summary(gm):
    note = gm("summary", "--week", "2024-W23").stdout  # 3 to 9 June 2024: Manchester's second hire
    assert "### New hires by council" in note and "| Council | New this week | Counted |" in note
    assert "| Manchester | 1 | 2 |" in note and "| **Total** | **1** | **3** |" in note
    assert "Other councils, not members and not counted toward the target: Warrington 1." in note


@pytest.mark.parametrize(
    "members, chosen",
    [
        (["Manchester, Salford"], {"manchester", "salford"}),
        (["Bristol, City of"], {"bristol"}),  # a comma inside an ONS name
        (["Manchester, Bristol, City of, Salford"], {"manchester", "bristol", "salford"}),
        (["Bristol, City of; Kingston upon Hull, City of"], {"bristol", "kingston-upon-hull"}),
        (["Bristol", "Hull", "Glasgow City Council"], {"bristol", "kingston-upon-hull", "glasgow-city"}),
    ],
)
def test_init_takes_councils_as_people_write_them(tmp_path, members, chosen):
    cli = init(tmp_path, *[arg for m in members for arg in ("--members", m)])
    assert {r["slug"] for r in boroughs(cli) if r["member_since"]} == chosen


def test_init_by_region_and_the_mistakes_it_names(tmp_path):
    cli = init(tmp_path, "--region", "Greater Manchester")
    assert [r["code"] for r in boroughs(cli) if r["member_since"]] == GM
    root = tmp_path / "other"
    run = Cli(root)
    args = ["init", str(root), "--name", "X", "--target", "5", "--start", "2024-04-01", "--deadline", "2025-03-31"]
    assert "give it with --region" in run(*args, "--members", "Greater Manchester", code=2).stderr
    error = run(*args, "--members", "Manchester, Narnia", code=2).stderr
    assert "Error: --members: no UK council matches 'Narnia'" in error and "--organisations" in error
    assert (
        "--region: no region or group of councils matches 'Narnia'" in run(*args, "--region", "Narnia", code=2).stderr
    )
    assert not root.exists()


@pytest.mark.parametrize(
    "code, name, spelt, region, size",
    [
        ("W06000015", "Cardiff", "Cardiff Council", "Wales", 22),
        ("S12000049", "Glasgow City", "Glasgow", "Scotland", 32),
    ],
)
def test_a_welsh_and_a_scottish_council_by_code(tmp_path, code, name, spelt, region, size):
    cli = init(tmp_path, "--members", code)
    rows = boroughs(cli)
    assert len(rows) == size and [r["name"] for r in rows if r["member_since"]] == [name]
    hire(cli, spelt, "2024-05-01")
    assert json.loads(cli("status", "--as-of", DAY, "-f", "json").stdout)["counted"] == 1
    lines = cli("map", "--as-of", DAY).stdout.splitlines()
    assert max(map(len, lines)) <= 80 and f"{region}: a cell a council area, as on a hex map" in "\n".join(lines)
    framed = [i for i, line in enumerate(lines) if "[" in line and "a member" not in line]
    assert len(framed) == 2 and "[   1   ]" in lines[framed[1]]  # the member, framed, its count beneath


# --------------------------------------------------------------------------- what boroughs.yaml may hold


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("code: E09000008\n    area: outer", "code: E08000003", None),  # a council outside London: no area
        ("code: E09000008\n    area: outer", "aliases: [Trust]", None),  # an organisation: no code
        (
            "code: E09000008",
            "code: X123",
            "borough: code: is not in the right form (found 'X123'): a local authority's ONS GSS code is E06, E07, "
            "E08, E09, W06, S12 or N09 then six digits, e.g. E08000003; a body that is not a council has no code",
        ),
        ("code: E09000008", "code: E08000003", "area: inner and outer are London's categories; leave area out"),
        ("    area: outer\n", "", "area: required for a London borough: inner or outer, as ONS statistics use them"),
        ("  recent_weeks: 4\n", "  member_word: 'trust!'\n", "member_word: is not a word for the members"),
    ],
)
def test_codes_areas_and_words_in_boroughs_yaml(tiny, old, new, message):
    path = tiny.data_dir / "boroughs.yaml"
    path.write_text(path.read_text().replace(old, new))
    result = tiny("validate", code=0 if message is None else 1)
    assert message is None or message in result.stdout


# ---------------------------------------------------------------------- organisations that are not places


@pytest.fixture
def trusts(tmp_path) -> Cli:
    listing = tmp_path / "trusts.txt"
    listing.write_text(
        "# The trusts taking part\nManchester University NHS Foundation Trust\n\n"
        "Northern Care Alliance NHS Foundation Trust\nGreater Manchester Fire and Rescue Service\n"
    )
    cli = init(tmp_path, "--organisations", str(listing), "--member-word", "NHS trust", name="trusts")
    hire(cli, "Manchester University NHS Foundation Trust", "2024-05-01")
    hire(cli, "northern-care-alliance-nhs-foundation-trust", "2024-06-03")
    hire(cli, "Northern Care Alliance NHS Foundation Trust", "2024-06-04", "Data analyst")
    return cli


def test_an_nhs_trusts_programme_has_every_figure_in_its_word(trusts, monkeypatch):
    rows = boroughs(trusts)
    assert [r["slug"] for r in rows] == [
        "manchester-university-nhs-foundation-trust", "northern-care-alliance-nhs-foundation-trust",
        "greater-manchester-fire-and-rescue-service",
    ]  # fmt: skip
    assert all(r["code"] is None and r["area"] is None and r["member_since"] == "2024-04-01" for r in rows)
    monkeypatch.setenv("COLUMNS", "120")  # room for the trusts' long names in a table
    out = trusts("status", "--as-of", DAY).stdout
    assert "Counted      3 of 30 (10%)" in out and "Member NHS trusts (counted toward the target)" in out
    assert re.search(r"^NHS trust +Counted", out, re.M)
    assert re.search(r"^Northern Care Alliance NHS Foundation Trust +2 ", out, re.M)
    note = trusts("summary", "--week", "2024-W23").stdout
    assert "### New hires by NHS trust" in note and "| Northern Care Alliance NHS Foundation Trust | 2 | 2 |" in note
    assert "3 of 30 apprentices recruited (10%)" in note
    assert "no NHS trust matches 'Narnia'" in trusts("list", "-b", "Narnia", code=2).stderr


def test_an_nhs_trusts_programme_has_no_map_and_says_why(trusts, tmp_path):
    before = snapshot_tree(tmp_path)
    for args in ([], ["-o", str(tmp_path / "map.png")], ["-f", "svg"]):
        error = trusts("map", "--as-of", DAY, *args, code=2).stderr
        assert error.startswith("Error: no map: the programme's NHS trusts are not places (none has a GSS code)")
    assert snapshot_tree(tmp_path) == before and not (tmp_path / "map.png").exists()


def test_an_nhs_trusts_summary_page_goes_without_a_map(trusts, tmp_path):
    result = trusts("summary", "--week", "2024-W23", "-o", str(tmp_path / "week.html"))
    page = (tmp_path / "week.html").read_text()
    assert "Note: written without a map: the programme's NHS trusts are not places" in result.stderr
    assert "<h2>New hires by NHS trust</h2>" in page and page.count("<img") == 1  # the chart only
    assert "<caption>Member NHS trusts' counted hires by role</caption>" in page and "borough" not in page.lower()
    assert '<p class="note">No map: the programme' in page and "need the charts extra" not in page


def test_headcount_share_for_any_body(trusts):
    path = trusts.data_dir / "boroughs.yaml"
    text = path.read_text().replace(
        "  name: Northern Care Alliance NHS Foundation Trust\n",
        "  name: Northern Care Alliance NHS Foundation Trust\n  headcount: 100\n",
    )
    path.write_text(text)
    out = trusts("status", "--as-of", DAY, "--headcount").stdout
    assert re.search(r"^NHS trust +Headcount +2024/25", out, re.M)
    assert re.search(r"^Northern Care Alliance NHS Foundation Trust +100 +2 \(2%\)", out, re.M)
    rows = json.loads(trusts("status", "--as-of", DAY, "--headcount", "-f", "json").stdout)["headcount"]
    assert [(r["slug"], r["periods"][0]["starts"]) for r in rows] == [
        ("northern-care-alliance-nhs-foundation-trust", 2)
    ]


def test_init_refuses_organisations_it_cannot_tell_apart(tmp_path):
    root = tmp_path / "x"
    args = ["init", str(root), "--name", "X", "--target", "5", "--start", "2024-04-01", "--deadline", "2025-03-31"]
    error = Cli(root)(*args, "--organisations", "Trust A; trust a", code=1).stderr
    assert "--organisations: 'trust a' would have the slug 'trust-a' of another: rename one" in error
    assert "has no letters" in Cli(root)(*args, "--organisations", "123", code=2).stderr  # wrong in itself
    assert not root.exists()
    long = "A" * 70  # one word longer than a slug may be: cut within it (this once looped for ever)
    Cli(root)(*args, "--organisations", f"{long} Trust; Second Trust")
    assert "- slug: " + "a" * 60 + "\n" in (root / "boroughs.yaml").read_text()


# ------------------------------------------------------------------------------------------- the maps


def test_the_terminal_hex_map_reads_in_80_columns(gm):
    out = gm("map", "--as-of", DAY).stdout
    lines = out.splitlines()
    assert lines[:2] == ["Greater Manchester Digital Apprentices: 5 of 30 counted, as of 30 September", "2024"]
    assert max(map(len, lines)) <= 79 and "\x1b[" not in out
    counts = {"Manchester": 3, "Salford": 1, "Wigan": 1, "Bolton": 0, "Stockport": 0}
    for name, counted in counts.items():
        tile = f"[{short_name(name, 7):^7}]"
        row = next(i for i, line in enumerate(lines) if tile in line)
        column = lines[row].index(tile)
        assert lines[row + 1][column : column + 9] == f"[{counted:^7}]", name
    assert sum(line.count("[") for line in lines if "a member" not in line) == 20  # ten members, two lines each
    row = next(i for i, line in enumerate(lines) if " Wrrngtn " in line)
    column = lines[row].index(" Wrrngtn ")
    assert lines[row + 1][column : column + 9].strip() == "(1)"  # Warrington's hire, not counted
    assert "[Name] a member council (10), with its counted apprentices." in out
    assert "Mnchstr = Manchester" in out and "North West: a cell a council area" in out
    assert "Hex map layout: Open Innovations (MIT licence); council names and codes: ONS,\n  Open Government" in out


def test_the_hex_map_svg_has_every_district_in_view_and_the_members_shaded(gm, tmp_path):
    pytest.importorskip("vl_convert")
    gm("map", "--as-of", DAY, "-o", str(tmp_path / "gm.svg"))
    root = ET.fromstring((tmp_path / "gm.svg").read_text(encoding="utf-8"))
    (shapes,) = [g for g in root.iter(f"{SVG}g") if g.get("class", "").endswith("concat_0_layer_0_marks")]
    fills = [p.get("fill") for p in shapes.iter(f"{SVG}path")]
    assert len(fills) == 35 and fills.count("#3b6e9e") == 10  # the North West's districts; the ten shaded
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert HEX_CREDIT in texts and "Counted apprentices (member councils)" in texts
    assert "Hires of other councils, not counted" in texts
    counts = [t.text for g in root.iter(f"{SVG}g") if g.get("class", "").endswith("layer_3_marks") for t in g]
    assert sorted(counts) == sorted(["3", "1", "1"] + ["0"] * 7)  # every member's count, 0 included
    others = [t.text for g in root.iter(f"{SVG}g") if g.get("class", "").endswith("layer_5_marks") for t in g]
    assert others == ["(1)"]  # Warrington
    desc = root.find(f"{SVG}desc").text
    assert "Hex map of the 35 council areas of North West as of 30 September 2024" in desc
    assert "Manchester 3; Oldham 0; Rochdale 0; Salford 1" in desc and "Warrington 1" in desc


@pytest.mark.slow  # three pictures rendered: about 4 s
def test_the_hex_map_as_png_and_html_and_in_the_weekly_page(gm, tmp_path):
    pytest.importorskip("vl_convert")
    gm("map", "--as-of", DAY, "-o", str(tmp_path / "gm.png"))
    png = (tmp_path / "gm.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") > 1200
    gm("map", "--as-of", DAY, "-o", str(tmp_path / "gm.html"))
    assert (
        "<title>Greater Manchester Digital Apprentices: map as of 30 September 2024</title>"
        in (tmp_path / "gm.html").read_text()
    )
    gm("summary", "--week", "2024-W23", "-o", str(tmp_path / "week.html"))
    page = (tmp_path / "week.html").read_text()
    assert page.count("<img") == 2 and "<h2>New hires by council</h2>" in page
    assert f"The member councils and their counts, as of 9 June 2024. {HEX_CREDIT}." in page


def test_a_small_programmes_map_shows_0_and_whole_sizes(tiny, tmp_path):
    """Issue 20: a member at 0 has its count; small counts get a size legend of whole numbers, each the
    size of the dot drawn for it; another borough's hire is marked apart."""
    pytest.importorskip("vl_convert")
    tiny.write("hackney", "- {id: hackney-0001, role: Dev, start_date: 2021-01-11}\n"
               "- {id: hackney-0002, role: Dev, start_date: 2021-01-18}\n")  # fmt: skip
    tiny.write("croydon", "- {id: croydon-0001, role: Dev, start_date: 2021-01-11}\n")
    tiny("map", "--as-of", "2021-02-01", "-o", str(tmp_path / "tiny.svg"))
    root = ET.fromstring((tmp_path / "tiny.svg").read_text(encoding="utf-8"))
    assert sorted(marks(root, "layer_2")) == ["0", "2"] and marks(root, "layer_4") == ["(1)"]
    legend = size_legend(root)
    assert list(legend) == [0, 1, 2]
    dots = dot_radii(root)
    assert legend[0] == dots[0] and legend[2] == dots[2]


# ----------------------------------------------------------------------------------- the core, in memory


def test_legend_values_are_whole_and_never_beyond_the_largest_count():
    assert legend_values(0) == [0] and legend_values(1) == [0, 1] and legend_values(3) == [0, 1, 2]
    assert legend_values(22) == [0, 5, 10, 20] and legend_values(140) == [0, 20, 50, 100]
    assert size_range(1) == [180, 290] and size_range(22) == [180, 1300] and size_range(500) == [180, 1300]


def test_the_word_for_members():
    assert [Noun(w).many for w in ("borough", "council", "NHS trust", "fire authority", "body", "church")] == [
        "boroughs", "councils", "NHS trusts", "fire authorities", "bodies", "churches",
    ]  # fmt: skip
    assert Noun("NHS trust").One == "NHS trust" and Noun("council").Many == "Councils"


def test_council_names_and_slugs():
    assert len(councils()) == 361 and len({b.slug for b in councils()}) == 361
    assert [slug_of(n) for n in ("Bristol, City of", "King's Lynn and West Norfolk", "St. Helens")] == [
        "bristol", "kings-lynn-and-west-norfolk", "st-helens",
    ]  # fmt: skip
    same = ["Glasgow City", "Glasgow City Council", "glasgow"]
    assert len({spelling(s) for s in same}) == 1
    assert [b.name for b in find_councils("Tameside Metropolitan Borough Council;Conwy County Borough Council")] == [
        "Tameside", "Conwy",
    ]  # fmt: skip
    names = ("Manchester", "St. Helens", "Cheshire East", "Hackney", "Kingston upon Hull, City of")
    assert [short_name(n, 7) for n in names] == ["Mnchstr", "StHelns", "CheshrE", "Hackney", "KngstnH"]
    assert short_name("Kingston upon Hull, City of", 7, ("Hull",)) == "Hull"  # a short other name first


def test_a_registry_without_codes_or_areas_survives_the_cache(tmp_path):
    programme = Programme("Trusts", 5, date(2024, 4, 1), date(2025, 3, 31), member_word="NHS trust")
    registry = Registry(programme, [Borough("a-trust", "A Trust", None, None, date(2024, 4, 1))])
    cache = Cache(tmp_path, date(2024, 5, 1))
    cache.put_registry(b"raw", registry)
    again = cache.registry(b"raw")
    assert again is not None and again.programme == programme and again.boroughs == registry.boroughs


def test_londons_programmes_are_as_they_were(tmp_path):
    root = tmp_path / "london"
    Cli(root)("init", str(root), "--name", "L", "--target", "5", "--start", "2024-04-01", "--deadline", "2025-03-31")
    text = (root / "boroughs.yaml").read_text()
    assert text.startswith("# L: the programme and London's 33 local authorities, made by `apprentrack init`.")
    data = yaml.safe_load(text)
    assert "member_word" not in data["programme"] and len(data["boroughs"]) == 33
    assert all(b["area"] in ("inner", "outer") and b["member_since"] for b in data["boroughs"])
    assert "no London borough matches 'Narnia'" in Cli(root)("list", "-b", "Narnia", code=2).stderr
