"""Writing files so that nothing is lost: a lock held from reading a file to replacing it, an atomic
replace (temporary file, fsync, rename, fsync of the folder), and the pause points the crash tests use.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..domain.errors import DataError, PartlyWritten, UsageError

LOCK_TIMEOUT = 30.0  # seconds a write waits for another one on the same file


_held: set[Path] = set()  # the files whose lock this process holds: taking one again is a no-op


@contextmanager
def locked(path: Path, dry_run: bool = False) -> Iterator[None]:
    """Hold `path`'s lock, a hidden file beside it (none for a dry run, which writes nothing). Re-entrant: a
    move holds both its files' locks from its first read to its last write, and each write within takes
    them again. A folder where no lock file can be made (read-only, not ours) is a DataError saying so."""
    if dry_run or path in _held:
        yield
        return
    from filelock import FileLock, Timeout

    checkpoint("lock-wanted")
    try:
        path.parent.mkdir(exist_ok=True)
        lock = FileLock(path.parent / f".{path.name}.lock", timeout=LOCK_TIMEOUT)
        lock.acquire()
    except Timeout:
        raise DataError(
            f"another apprentrack has held {path} for {LOCK_TIMEOUT:.0f} s; try again in a moment"
        ) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DataError(f"cannot write in {path.parent}: {why}; nothing was written") from None
    _held.add(path)
    try:
        checkpoint("lock-held")
        yield
    finally:
        _held.discard(path)
        lock.release()


def checkpoint(name: str) -> None:
    """A pause point for the crash and interrupt tests, and nothing else: when the environment variable
    APPRENTRACK_PAUSE_AT names this point, say so on stderr and wait for a byte on stdin. The test kills
    or interrupts the writer while it waits here, at exactly this point of a write."""
    if os.environ.get("APPRENTRACK_PAUSE_AT") == name:
        sys.stderr.write(f"paused at {name}\n")
        sys.stderr.flush()
        os.read(0, 1)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, rename it over `path`, fsync the folder. A write
    that fails (a full disk, a read-only folder, a size limit) is a DataError naming the file and why; the
    file is as it was and no temporary file is left."""
    try:
        _atomic_write(path, data)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DataError(f"could not write {path}: {why}; it is as it was, and nothing else was changed") from None


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            half = len(data) // 2
            f.write(data[:half])
            f.flush()
            checkpoint("temp-partial")
            f.write(data[half:])
            f.flush()
            os.fsync(f.fileno())
        checkpoint("temp-complete")
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        _replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # the file is replaced: from here, an interruption must not be reported as "nothing written"
        checkpoint("replaced")
        if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
            dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException as exc:
        raise PartlyWritten([path], exc) from exc


REPLACE_TRIES = 10  # about a second in all
RETRY_REPLACE = os.name == "nt"  # elsewhere a replace is not refused for a file held open


def _replace(tmp: str, path: Path) -> None:
    """os.replace, retried for a moment where Windows refuses to replace a file another process has open
    (an editor, a virus scanner, a reader of the old file): the reader finishes, the replace goes through."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if not RETRY_REPLACE or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(0.02 * 2**attempt if attempt < 5 else 0.2)


def writable_output(path: Path) -> None:
    """A usage error unless `path` may be written as an --output file: in a folder that exists, new or a
    regular file. Asked before anything is written beside it (a summary's pictures)."""
    if not path.parent.is_dir():
        raise UsageError(f"--output: there is no folder '{path.parent}'")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(f"--output: '{path}' is not a regular file; give a file name (or - for stdout)")


def write_output(path: Path, content: str | bytes) -> None:
    """A report file the user asked for (--output): written whole or not at all, and only as a regular
    file: never replacing a device (/dev/null, run as root), a FIFO, a folder or a link."""
    writable_output(path)
    atomic_write(path, content.encode() if isinstance(content, str) else content)
