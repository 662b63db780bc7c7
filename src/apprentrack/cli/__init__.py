"""The command line: parse options, call the core, print what it returns, map errors to exit codes.

No arithmetic and no file access here: app.py holds the app and the shared plumbing, records.py the
commands that write, reports.py those that read,
maintenance.py those that look after apprentrack itself.
"""

from . import maintenance, records, reports  # noqa: F401 - importing them registers their commands
from .app import app

__all__ = ["app"]
