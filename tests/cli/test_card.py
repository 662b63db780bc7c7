"""The week's card for social media (`summary --format card`): a PNG of the size the networks show
(1200 x 675, or 1080 x 1080 with --square), labelled as apprentrack's, with alt text beside it that carries
the headline figure. It needs the charts extra. How it looks was checked by looking at it."""

from __future__ import annotations

import struct

import pytest

from apprentrack.pictures.render import label_of

pytest.importorskip("vl_convert", reason="the charts extra is not installed")

W11 = ("summary", "--week", "2020-W11")
ALT = (
    "LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020). 74 of 100 apprentices recruited (74%), 4 new "
    "this week. Verdict: On track. The card shows a progress bar 74% of the way to the target of 100, and a small "
    "burn-up chart of the count from 10 June 2019 to 15 March 2020, against the target by the deadline, "
    "30 September 2020.\n"
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_card_is_a_1200_by_675_png_with_its_alt_text_beside_it(cli, tmp_path):
    card = tmp_path / "card.png"
    result = cli(*W11, "-f", "card", "-o", str(card))  # the format rule: a card is a PNG
    assert f"Wrote {card}\nWrote {card}.txt (the alt text)\n" == result.stderr
    png = card.read_bytes()
    assert png_size(png) == (1200, 675) and label_of(png) == "2020-W11 card"
    assert (tmp_path / "card.png.txt").read_text() == ALT


def test_a_square_card_and_a_card_to_a_pipe_with_its_alt_text_on_stderr(cli, tmp_path):
    result = cli(*W11, "-f", "card", "--square")
    assert png_size(result.stdout_bytes) == (1080, 1080)
    assert result.stderr == f"Alt text: {ALT}"


def test_the_alt_text_of_another_file_is_never_replaced(cli, tmp_path):
    theirs = tmp_path / "card.png.txt"
    theirs.write_text("my notes\n")
    result = cli(*W11, "-f", "card", "-o", str(tmp_path / "card.png"), code=2)
    assert "card.png.txt is there and is not the alt text of this week's card (nothing was written)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("card")) == ["card.png.txt"]
    assert theirs.read_text() == "my notes\n"
    theirs.write_text(ALT)  # its own alt text of the same week: replaced with the card
    cli(*W11, "-f", "card", "-o", str(tmp_path / "card.png"))
    assert (tmp_path / "card.png").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (("-f", "card", "-o", "card.txt"), "--format card and --output 'card.txt' disagree"),
        (("-f", "markdown", "--square"), "--square goes with --format card"),
    ],
)
def test_card_options_that_do_not_fit(cli, args, message):
    result = cli(*W11, *args, code=2)
    assert message in result.stderr and result.stdout == ""
