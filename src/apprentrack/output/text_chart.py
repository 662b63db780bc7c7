"""The burn-up chart drawn in text: counted total by interval against the target and the straight line
from start to deadline. Each series has its own glyph, so it reads without colour; in 80 columns a long
programme folds several intervals into one column. SVG is Rich's export of this same drawing.
"""

from __future__ import annotations

import math
from datetime import date

from rich.text import Text

from ..figures.burnup import Burnup

GLYPHS = "█·─┆┤│└─"  # bar, even pace, target, deadline; the axes: a tick, the y line, the corner, the x line
ASCII = "#.=:+|+-"  # the same, for output that cannot encode the others (a cp1252 redirect)


def _nice_top(value: float) -> int:
    """A round number a little above value, for the top of the y axis: 110 -> 120, 10 -> 11."""
    padded = value * 1.05
    step = 10 ** max(math.floor(math.log10(max(padded, 1))) - 1, 0)
    return int(math.ceil(padded / step) * step)


def _nice_step(raw: float) -> int:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten, whole, that is at least raw: 22 -> 25."""
    magnitude = 10 ** math.floor(math.log10(max(raw, 1)))
    return int(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw and m * magnitude % 1 == 0))


def draw(b: Burnup, width: int = 80, height: int = 16, ascii_only: bool = False) -> Text:
    """The chart as Text, at most `width` columns wide and `height` rows of plot."""
    bar, plan, target, deadline, y_tick, y_axis, corner, x_axis = tuple(ASCII if ascii_only else GLYPHS)
    values = [v for v in b.counted if v is not None]
    top = _nice_top(max([b.target, *values]))
    label_width = len(str(top))
    room = width - label_width - 2  # the labels, the axis, a space
    per_column = math.ceil(len(b.ends) / room)
    columns: list[
        tuple[date, int | None]
    ] = []  # (last day, counted or None) a column, each the last interval of its group
    for i in range(0, len(b.ends), per_column):
        group = list(zip(b.ends[i : i + per_column], b.counted[i : i + per_column], strict=True))
        shown = [v for _, v in group if v is not None]
        columns.append((group[-1][0], shown[-1] if shown else None))
    cell = max(1, min(4, room // len(columns)))  # a few characters a column when there are few columns
    deadline_column = next((c for c, (day, _) in enumerate(columns) if day >= b.deadline), None)

    def row_of(value: float) -> int:
        return max(math.ceil(value / top * height), 1)

    target_row = row_of(b.target)
    tick = _nice_step(top / 5)  # four or five labelled rows
    labels = {row_of(k * tick): str(k * tick) for k in range(1, top // tick + 1)}
    labels[target_row] = str(b.target)
    out = Text()
    title = f"{b.programme}: counted toward the target, by {b.by.value}"
    if per_column > 1:
        title += f" ({per_column} {b.by.value}s a column)"
    out.append(f"{title}, as of {b.as_of}\n", style="bold")
    for row in range(height, 0, -1):
        label = labels.get(row, "")
        out.append(f"{label:>{label_width}} {y_tick}" if label else " " * label_width + f" {y_axis}", style="dim")
        for c, (day, value) in enumerate(columns):
            if value is not None and value >= (row - 0.5) * top / height:
                out.append(bar * cell, style="cyan")
            elif b.plan(day) > 0 and row_of(b.plan(day)) == row and (deadline_column is None or c <= deadline_column):
                out.append(plan * cell, style="yellow")
            elif row == target_row:
                out.append(target * cell, style="red")
            elif c == deadline_column:
                out.append(deadline.rjust(cell), style="dim")  # the deadline ends its column
            else:
                out.append(" " * cell)
        out.append("\n")
    out.append(" " * label_width + f" {corner}" + x_axis * len(columns) * cell + "\n", style="dim")
    for line in _x_labels(columns, cell):
        out.append(" " * (label_width + 2) + line + "\n")
    out.append(
        f"{bar} counted  {plan} even pace, start to deadline  {target} target {b.target}  "
        f"{deadline} deadline {b.deadline}\n",
        style="dim",
    )
    return out


def _x_labels(columns: list[tuple[date, int | None]], cell: int) -> list[str]:
    """Two lines under the columns: each month's name where it begins (its first letter where the name
    would not fit before the next), and the year at the first month and each January."""
    starts: list[tuple[int, date]] = []  # (column, day) where a month begins
    for c, (day, _) in enumerate(columns):
        if not starts or (day.year, day.month) != (starts[-1][1].year, starts[-1][1].month):
            starts.append((c * cell, day))
    ends = [at for at, _ in starts[1:]] + [len(columns) * cell + 1]
    months, years = [" "] * len(columns) * cell, [" "] * len(columns) * cell
    year_free = 0
    for i, (at, day) in enumerate(starts):
        name = f"{day:%b}" if ends[i] - at >= 4 else f"{day:%b}"[0]
        months[at : at + len(name)] = name[: len(months) - at]
        if (i == 0 or day.month == 1) and at >= year_free:
            label = str(day.year)[: len(years) - at]
            years[at : at + len(label)] = label
            year_free = at + len(label) + 1
    return ["".join(months).rstrip(), "".join(years).rstrip()]
