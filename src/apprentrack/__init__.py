"""apprentrack: track apprentice recruitment across London boroughs against a programme's goal."""

__version__ = "0.1.0"


def version_line() -> str:
    return f"apprentrack {__version__}"


def main() -> None:
    """The `apprentrack` command. `--version` alone is answered before Typer is imported: scripts call it
    to check the tool is there, and importing the command line costs more than the answer."""
    import sys

    for stream in (sys.stdout, sys.stderr):  # a cp1252 console or redirect: '?' for what it cannot show,
        if stream is not None and hasattr(stream, "reconfigure"):  # never a UnicodeEncodeError traceback
            stream.reconfigure(errors="replace")
    import signal

    def terminated(signum: int, frame: object) -> None:  # a service stopping it: clean up as for Ctrl-C
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, terminated)
    if sys.argv[1:] == ["--version"]:
        print(version_line())
        return
    from .cli import app
    from .cli.app import only_the_command

    only_the_command(sys.argv[1:])
    app(prog_name="apprentrack")
