"""Count the instructions of `status` on the shipped data, cache warm, and of the Typer floor, with
valgrind's callgrind: the ratio of the benchmark's first goal (docs/performance.md), in a measure the load
on a shared machine does not move. The same build gives the same counts within a few hundred in a billion
(PYTHONHASHSEED is fixed, so every dict is laid out the same way), where wall times move by a third from
one minute to the next. Instructions are not time: a process starting up waits on memory more than one
counting records does, and under valgrind OpenSSL's SHA-256 took about 18 instructions a byte (an `add`
at 100,000 records hashes 19 MB), so only this pair, mostly imports on both sides and little hashing, is
counted here. Needs valgrind (apt-get install valgrind).

    python benchmarks/instructions.py
"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from run import APPRENTRACK, ROOT, TYPER_FLOOR

GOAL = 1.15


def instructions(command: list[str], env: dict[str, str]) -> int:
    """The instructions a whole process runs, as callgrind counts them."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no count from valgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    compileall.compile_dir(str(ROOT / "src" / "apprentrack"), quiet=1)  # as pip does for a wheel
    with tempfile.TemporaryDirectory(prefix="apprentrack-instructions-") as work:
        shipped = Path(work) / "shipped"
        shutil.copytree(ROOT / "data", shipped, ignore=shutil.ignore_patterns(".*"))
        env = {**os.environ, "APPRENTRACK_CACHE_DIR": str(Path(work) / "cache"), "PYTHONHASHSEED": "0"}
        status = [APPRENTRACK, "--data-dir", str(shipped), "status"]
        subprocess.run(status, env=env, stdout=subprocess.DEVNULL, check=True)  # the cache warm
        floor, counted = instructions(TYPER_FLOOR, env), instructions(status, env)
    ratio = counted / floor
    print(f"  {'Typer floor: one command, a 20-row table':<44} {floor / 1e6:>10.1f} million instructions")
    met = "met" if ratio <= GOAL else "MISSED"
    print(f"  {'status, shipped data':<44} {counted / 1e6:>10.1f} million  {ratio:.3f} x (goal <= {GOAL}: {met})")


if __name__ == "__main__":
    main()
