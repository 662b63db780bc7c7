"""Commands that draw: chart (the burn-up) and map. In a terminal, drawings in text; to a file, pictures
(SVG, PNG or an HTML page) rendered by the charts extra."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from ..domain.words import Interval
from ..output.formats import PictureFormat
from .app import command
from .options import DATE_FORMS, OutputOption, as_of_date, data_dir, option
from .output import chosen_format, console, deliver

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from rich.text import Text

    from ..domain.counting import Timeline
    from ..domain.programme import Registry
    from ..pictures.render import Picture

PictureOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="[text|svg|png|html]",
        help="text: the drawing for a terminal; svg, png, html: a picture [default: text, or --output's].",
    ),
]
UpToOption = Annotated[str | None, typer.Option(metavar="DATE", help=f"As of this date ({DATE_FORMS}); default today.")]


def show(
    kind: PictureFormat, output: Path | None, text: Callable[[int, bool], Text], picture: Callable[[], Picture]
) -> None:
    """The drawing in text, fitted to the terminal (or 100 columns in a file), or the picture."""
    if kind is PictureFormat.text:
        if output is not None and str(output) != "-":
            deliver(text(100, False).plain, output, kind.value)
            return
        out = console()
        out.print(text(out.width, out.options.ascii_only))
        return
    from ..pictures.page import picture_page
    from ..pictures.render import to_png, to_svg

    render: dict[PictureFormat, Callable[[Picture], str | bytes]] = {
        PictureFormat.svg: to_svg,
        PictureFormat.png: to_png,
        PictureFormat.html: lambda drawn: picture_page(drawn, to_png(drawn)),
    }
    drawn = render[kind](picture())
    deliver(drawn, output, kind.value, markup=True)


def _start(
    ctx: typer.Context, format: str | None, output: Path | None, as_of: str | None
) -> tuple[PictureFormat, date, Registry, dict[str, Timeline]]:
    """What chart and map do first: the format (saying what to install before any work), the day, the
    programme and what its boroughs count to."""
    kind, day, data = _picture_kind(format, output), as_of_date(as_of), data_dir(ctx)
    registry = data.registry()
    return kind, day, registry, data.timelines(registry)


def _picture_kind(format: str | None, output: Path | None) -> PictureFormat:
    kind = chosen_format(PictureFormat, format, output, PictureFormat.text)
    if kind is not PictureFormat.text:
        from ..pictures.render import require

        require()  # before any work: say what to install
    return kind


@command(
    short="A burn-up chart: the counted total over time against the target.",
    examples=[
        "apprentrack chart",
        "apprentrack chart --as-of 28/08/2020 --output burnup.svg",
    ],
)
def chart(
    ctx: typer.Context,
    as_of: UpToOption = None,
    by: Annotated[str, typer.Option(metavar="[week|month]", help="In text: one bar a week or a month.")] = "week",
    format: PictureOption = None,
    output: OutputOption = None,
) -> None:
    """A burn-up chart: the counted total over time against the target, the even pace and a forecast."""
    from ..figures.burnup import burnup
    from ..figures.snapshot import snapshot
    from ..output.text_chart import draw

    kind, day, registry, timelines = _start(ctx, format, output, as_of)
    b = burnup(registry, timelines, day, option("--by", Interval.parse, by))

    def picture() -> Picture:
        from ..pictures.burnup import burnup_picture

        weekly = b if b.by is Interval.week else burnup(registry, timelines, day)
        return burnup_picture(weekly, snapshot(registry, timelines, day))

    show(kind, output, lambda width, ascii_only: draw(b, width=width, ascii_only=ascii_only), picture)


@command(
    "map",
    short="London's boroughs: the members shaded, each with its count.",
    examples=[
        "apprentrack map",
        "apprentrack map --output map.html",
    ],
)
def map_(
    ctx: typer.Context,
    as_of: UpToOption = None,
    format: PictureOption = None,
    output: OutputOption = None,
) -> None:
    """The programme's places: London's boroughs, or the hex map of the members' regions; the members
    shaded, each with its counted apprentices. None for bodies that are not places (exit 2)."""
    from ..figures.snapshot import snapshot
    from ..output.text_map import draw
    from ..places.maps import map_view

    kind, day, registry, timelines = _start(ctx, format, output, as_of)
    view = map_view(registry)  # before any work: a programme of organisations has no map
    snap = snapshot(registry, timelines, day)

    def picture() -> Picture:
        from ..pictures.maps import map_picture

        return map_picture(registry, snap)

    show(kind, output, lambda width, ascii_only: draw(registry, snap, view), picture)
