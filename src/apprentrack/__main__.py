"""The `apprentrack` command (and `python -m apprentrack`)."""

import signal
import sys

from . import __version__


def main() -> None:
    """Run the command line. `--version` alone is answered before Typer is imported: scripts call it to
    check the tool is there, and importing the command line costs more than the answer."""
    for stream in (sys.stdout, sys.stderr):  # a cp1252 console or redirect: '?' for what it cannot show,
        if stream is not None and hasattr(stream, "reconfigure"):  # never a UnicodeEncodeError traceback
            stream.reconfigure(errors="replace")

    def terminated(signum: int, frame: object) -> None:  # a service stopping it: clean up as for Ctrl-C
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, terminated)
    if sys.argv[1:] == ["--version"]:
        print(f"apprentrack {__version__}")
        return
    from .cli import app
    from .cli.app import only_the_command

    only_the_command(sys.argv[1:])
    app(prog_name="apprentrack")


if __name__ == "__main__":
    main()
