"""Benchmark apprentrack as people run it: whole processes, medians and peak memory, beside the floors
measured in the same run (the imports every command pays for, a bare PyYAML C-loader parse of the same
files, and `hledger balance` over the same records when hledger is installed). It prints figures and
ratios, not verdicts. Not part of the test suite: machines here are shared and noisy.

    python benchmarks/run.py                 # 100, 10,000 and 100,000 records
    python benchmarks/run.py --sizes 100 10000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import make

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
APPRENTRACK = shutil.which("apprentrack", path=str(BIN)) or "apprentrack"
FLOOR = [sys.executable, "-c", "import typer, rich.table, pydantic, yaml"]
PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def measure(command: list[str], runs: int, before=None) -> tuple[float, float]:
    """Median wall time (s) and median peak memory (MiB) of `runs` runs of a whole process."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode()}")
    return statistics.median(times), statistics.median(peaks)


def against(figures, parse, ledger, target: str) -> str:
    """A time as a ratio of the C-loader parse and of hledger (when there is one)."""
    parts = [f"{figures[0] / parse[0]:.2f} x C parse"]
    if ledger:
        parts.append(f"{figures[0] / ledger[0]:.2f} x hledger{target}")
    return "; ".join(parts)


def row(name: str, figures: tuple[float, float], ratio: str = "") -> None:
    seconds, mib = figures
    print(f"  {name:<46} {seconds * 1000:>9.1f} ms {mib:>8.1f} MiB  {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (fewer at 100,000)")
    args = parser.parse_args()
    hledger = shutil.which("hledger")
    work = Path(tempfile.mkdtemp(prefix="apprentrack-bench-"))
    print(f"apprentrack benchmark: {APPRENTRACK}; Python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(f"  {'what':<46} {'median':>12} {'peak':>12}  ratio")
    try:
        floor = measure(FLOOR, args.runs)
        row("floor: import typer, rich.table, pydantic, yaml", floor)
        version = measure([APPRENTRACK, "--version"], args.runs)
        row("apprentrack --version", version, f"{version[0] / floor[0]:.2f} x floor (target <= 0.5)")
        shipped = work / "shipped"
        shutil.copytree(ROOT / "data", shipped, ignore=shutil.ignore_patterns(".apprentrack-cache", ".*.lock"))
        status = [APPRENTRACK, "--data-dir", str(shipped), "status"]
        cold = measure(status, args.runs, before=lambda: shutil.rmtree(shipped / ".apprentrack-cache", True))
        row("status, shipped data, no cache", cold, f"{cold[0] / floor[0]:.2f} x floor")
        warm = measure(status, args.runs)
        row("status, shipped data", warm, f"{warm[0] / floor[0]:.2f} x floor (target <= 1.15)")
        empty = work / "empty"
        make(empty, 0, ROOT / "data" / "boroughs.yaml")
        add = [
            APPRENTRACK,
            "--data-dir",
            "{dir}",
            "add",
            "-b",
            "hackney",
            "--role",
            "Dev",
            "--start-date",
            "2020-03-02",
        ]
        add_empty = measure([a.replace("{dir}", str(empty)) for a in add], args.runs)
        row("add into an empty data dir", add_empty)

        for size in args.sizes:
            runs = max(3, args.runs // 2) if size >= 100_000 else args.runs
            folder = make(work / f"n{size}", size, ROOT / "data" / "boroughs.yaml")
            cache = folder / ".apprentrack-cache"
            print(f"{size:,} records, {runs} runs each")
            parse = measure([sys.executable, "-c", PARSE, str(folder / "apprentices")], runs)
            row("floor: PyYAML C loader parse of the same files", parse)
            ledger = None
            if hledger:
                journal = ["-f", str(folder / "apprentices.journal")]
                ledger = measure([hledger, *journal, "balance"], runs)
                row("hledger balance, the same records", ledger)
            else:
                print("  hledger is not installed: no hledger figures (apt-get install hledger)")
            status = [APPRENTRACK, "--data-dir", str(folder), "status"]
            first = measure(status, runs, before=lambda c=cache: shutil.rmtree(c, True))
            again = measure(status, runs)

            big = size >= 100_000
            row("status, first run (no cache)", first, against(first, parse, ledger, " (target <= 1.0)" * big))
            row(
                "status, files unchanged since the last run",
                again,
                against(again, parse, ledger, " (target <= 0.15)" * big),
            )
            if ledger:
                memory = f"{first[1] / ledger[1]:.2f} x hledger's" + " (target <= 0.5)" * big
                print(f"  {'peak memory, status first run':<46} {memory}")
            added = measure([a.replace("{dir}", str(folder)) for a in add], runs)
            ratio = f"{added[0] / add_empty[0]:.2f} x add into an empty one" + " (target <= 1.3)" * big
            row("add into this data dir (its cache warm)", added, ratio)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
