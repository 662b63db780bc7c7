"""Benchmark apprentrack as people run it: whole processes, medians and peak memory, beside yardsticks
measured in the same run: the imports every command pays for, the Typer floor (a one-command Typer app
with status's option types that prints a 20-row Rich table: what any Typer command with a table pays),
and `hledger balance` over the same records when hledger is installed. It prints figures and ratios,
each ratio beside its goal, and the growth curve: every figure at each size and its ratio to the size
before, so anything worse than linear shows. Not part of the test suite: machines here are shared and
noisy.

    python benchmarks/run.py                            # 1,000, 10,000 and 100,000 records
    python benchmarks/run.py --sizes 1000 10000 100000 1000000 --hledger-up-to 100000
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
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
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
APPRENTRACK = shutil.which("apprentrack", path=str(BIN)) or "apprentrack"
IMPORTS = [sys.executable, "-c", "import typer, rich.table, pydantic, yaml"]
TYPER_FLOOR = [sys.executable, str(HERE / "typer_floor.py"), "status"]


def measure(jobs: list[tuple[list[str], object, object]], runs: int) -> list[tuple[float, float]]:
    """For each job (command, what to do before each run, env): the median wall time (s) of `runs` runs of
    a whole process, and its peak memory (MiB): the most the process and its children held at once (their
    resident sizes summed, shared pages counted in each, so never less than the truth), sampled in one
    more run. The jobs take turns, a run of each a round, so that the two sides of a ratio meet the same
    load on a shared machine, whose speed drifts from minute to minute."""
    times: list[list[float]] = [[] for _ in jobs]
    own = [0.0 for _ in jobs]  # the process's own peak (ru_maxrss), where /proc cannot be sampled
    for _ in range(runs):
        for n, ((command, before, env), taken) in enumerate(zip(jobs, times, strict=True)):
            if before:
                before()
            start = time.perf_counter()
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            taken.append(time.perf_counter() - start)
            own[n] = max(own[n], usage.ru_maxrss / 1024)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode()}")
    figures = []
    for (command, before, env), taken, peak in zip(jobs, times, own, strict=True):
        if before:
            before()
        figures.append((statistics.median(taken), max(peak, tree_peak(command, env))))
    return figures


def tree_peak(command: list[str], env=None) -> float:
    """The peak of the summed resident size (MiB) of a process and its descendants, sampled every 2 ms
    from /proc (Linux; 0 elsewhere, where ru_maxrss stands alone)."""
    if not Path("/proc/self/status").exists():
        return 0.0

    def rss(pid: int) -> int:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return 0
        return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("VmRSS:")), 0)

    def tree(pid: int) -> list[int]:
        pids = [pid]
        for p in pids:
            with contextlib.suppress(OSError):
                pids += map(int, Path(f"/proc/{p}/task/{p}/children").read_text().split())
        return pids

    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(map(rss, tree(proc.pid))))
        time.sleep(0.002)
    return peak / 1024


def line(name: str, figures: tuple[float, float], ratio: str = "") -> None:
    seconds, mib = figures
    print(f"  {name:<44} {seconds * 1000:>10.1f} ms {mib:>8.1f} MiB  {ratio}")


def goal(value: float, target: float, what: str) -> str:
    mark = "met" if value <= target else "MISSED"
    return f"{value:.2f} x {what} (goal <= {target}: {mark})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (5 at 100,000, 3 from 1,000,000)")
    parser.add_argument("--hledger-up-to", type=int, default=100_000, help="no hledger above this size")
    args = parser.parse_args()
    hledger = shutil.which("hledger")
    # As pip installs a wheel: bytecode written, so that an editable install is not charged for compiling.
    compileall.compile_dir(str(ROOT / "src" / "apprentrack"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="apprentrack-bench-"))
    cache = work / "cache"
    env = {**os.environ, "APPRENTRACK_CACHE_DIR": str(cache)}
    # The empty data dir's add has a cache of its own, which the "no cache" runs leave warm, as its name says.
    env_empty = {**os.environ, "APPRENTRACK_CACHE_DIR": str(work / "cache-empty")}

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    print(f"apprentrack benchmark: {APPRENTRACK}; Python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(f"  {'what':<44} {'median':>13} {'peak':>12}  ratio")
    try:
        shipped = work / "shipped"
        shutil.copytree(ROOT / "data", shipped, ignore=shutil.ignore_patterns(".*"))
        status = [APPRENTRACK, "--data-dir", str(shipped), "status"]
        empty = make(work / "empty", 0, ROOT / "data" / "boroughs.yaml")
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
        add_empty = ([a.replace("{dir}", str(empty)) for a in add], None, env_empty)
        imports, floor, version, first, warm, added = measure(
            [
                (IMPORTS, None, None),
                (TYPER_FLOOR, None, None),
                ([APPRENTRACK, "--version"], None, env),
                (status, cold, env),
                (status, None, env),
                add_empty,
            ],
            args.runs,
        )
        line("floor: import typer, rich.table, pydantic, yaml", imports)
        line("Typer floor: one command, a 20-row table", floor)
        line("apprentrack --version", version, goal(version[0] / imports[0], 0.5, "import floor"))
        line("status, shipped data, no cache", first, f"{first[0] / floor[0]:.2f} x Typer floor")
        line("status, shipped data", warm, goal(warm[0] / floor[0], 1.15, "Typer floor"))
        line("add into an empty data dir", added)
        curve(args, work, env, cold, add, add_empty, hledger)
    finally:
        shutil.rmtree(work, ignore_errors=True)


COLUMNS = ["status cold", "status warm", "validate", "add", "status MiB", "hledger", "hledger MiB"]


def curve(args, work, env, cold, add, add_empty, hledger) -> None:
    """Each size: the figures, the goals at 100,000, and the growth table at the end."""
    table: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        runs = args.runs if size < 100_000 else max(5, args.runs // 2) if size < 1_000_000 else 3
        folder = make(work / f"n{size}", size, ROOT / "data" / "boroughs.yaml")
        print(f"{size:,} records, {runs} runs each")
        row: dict[str, float] = {}
        status = [APPRENTRACK, "--data-dir", str(folder), "status"]
        jobs = [
            (status, cold, env),
            (status, None, env),
            ([APPRENTRACK, "--data-dir", str(folder), "validate"], None, env),
            ([a.replace("{dir}", str(folder)) for a in add], None, env),
            add_empty,
        ]
        with_ledger = bool(hledger and size <= args.hledger_up_to)
        if with_ledger:
            jobs.insert(0, ([hledger, "-f", str(folder / "apprentices.journal"), "balance"], None, None))
        figures = measure(jobs, runs)
        ledger = figures.pop(0) if with_ledger else None
        first, warm, check, added, beside = figures
        if ledger:
            line("hledger balance, the same records", ledger)
            row["hledger"], row["hledger MiB"] = ledger[0], ledger[1]
        big = size == 100_000

        def vs(figures, target, ledger=ledger, big=big):
            if not ledger:
                return ""
            ratio = figures[0] / ledger[0]
            return goal(ratio, target, "hledger") if big else f"{ratio:.2f} x hledger"

        line("status, no cache", first, vs(first, 0.5))
        line("status, cache warm", warm, vs(warm, 0.10))
        line("validate (never uses the cache)", check, vs(check, 0.8))
        line("add into an empty data dir, beside it", beside)
        line("add (its cache warm)", added, goal(added[0] / beside[0], 1.3, "add into an empty dir") if big else "")
        if ledger:
            memory = first[1] / ledger[1]
            text = goal(memory, 0.5, "hledger's") if big else f"{memory:.2f} x hledger's"
            print(f"  {'peak memory, status no cache (all processes)':<44} {first[1]:>22.1f} MiB  {text}")
        row |= {"status cold": first[0], "status warm": warm[0], "validate": check[0], "add": added[0]}
        row["status MiB"] = first[1]
        table[size] = row
    print("The growth curve: median ms (MiB for memory); in brackets, the ratio to the size before")
    print(f"  {'records':>10} " + " ".join(f"{c:>18}" for c in COLUMNS))
    previous = None
    for size, row in table.items():
        cells = []
        for column in COLUMNS:
            if column not in row:
                cells.append(f"{'-':>18}")
                continue
            value = row[column] * (1 if "MiB" in column else 1000)
            step = f"({row[column] / previous[column]:.1f}x)" if previous and column in previous else ""
            cells.append(f"{value:>10.1f} {step:>7}")
        print(f"  {size:>10,} " + " ".join(cells))
        previous = row


if __name__ == "__main__":
    main()
