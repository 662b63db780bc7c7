"""A picture of what Rich renders: the summary's tables as SVG (and, through the charts extra, PNG).
Rich's exporter with a template that has a <title> and a <desc>, no window frame and no fonts from another
host (the system's monospace font)."""

from __future__ import annotations

import io
from html import escape

from rich.console import Console, RenderableType
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

CARD_SVG = """<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
<title>TITLE</title><desc>DESC</desc>
<style>
.{unique_id}-matrix {{
    font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, "Courier New", monospace;
    font-size: {char_height}px;
    line-height: {line_height}px;
}}
{styles}
</style>
<defs>
<clipPath id="{unique_id}-clip-terminal">
  <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
</clipPath>
{lines}
</defs>
<rect width="100%" height="100%" fill="#ffffff"/>
<g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
{backgrounds}
<g class="{unique_id}-matrix">
{matrix}
</g>
</g>
</svg>
"""


def table_svg(renderable: RenderableType, title: str, desc: str, width: int = 100) -> str:
    """What Rich renders, as an SVG picture on white."""
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        emoji=False,
    )
    console.print(renderable)
    template = CARD_SVG.replace("TITLE", _braces(escape(title))).replace("DESC", _braces(escape(desc)))
    return console.export_svg(theme=DEFAULT_TERMINAL_THEME, code_format=template, unique_id="card")


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
