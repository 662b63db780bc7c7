"""The command line: parse options, call the core, print what it returns, map errors to exit codes.

No arithmetic and no file access here: app.py holds the app and the one place errors become exit codes;
options.py, output.py and prompts.py what the commands share (options, printing and writing, asking);
records.py the commands that write, corrections.py remove, intake.py the web-form intake, reports.py those
that read, pictures.py those that draw, publish.py those that publish (post, site),
maintenance.py those that look after apprentrack itself.
Importing them registers their commands, in the order `--help` lists them.
"""

# isort: off
from . import records  # noqa: F401
from . import corrections  # noqa: F401
from . import intake  # noqa: F401
from . import reports  # noqa: F401
from . import pictures  # noqa: F401
from . import publish  # noqa: F401
from . import maintenance  # noqa: F401

# isort: on
from .app import app

__all__ = ["app"]
