# The Typer floor, the yardstick of the goal for `status` on the shipped data (docs/performance.md): what any
# Typer command that prints a table pays. Kept as the goals were first measured with it, only ruff-formatted.
"""A one-command Typer app with status's option types, printing a 20-row Rich table: the Typer floor."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()


class Format(str, Enum):
    table = "table"
    json = "json"


@app.callback()
def main(data_dir: Annotated[Path, typer.Option("--data-dir")] = Path("data")):
    pass


@app.command()
def status(
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    window: Annotated[int | None, typer.Option(min=1, max=104)] = None,
    headcount: Annotated[bool, typer.Option("--headcount")] = False,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
):
    from rich.console import Console
    from rich.table import Table

    t = Table("Borough", "Counted", "In post")
    for i in range(20):
        t.add_row(f"Borough {i}", str(i), str(i))
    Console().print(t)


if __name__ == "__main__":
    app()
