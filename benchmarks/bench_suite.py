"""How long `make test` takes on this machine, against a baseline measured in the same run.

The suite's time on a shared 2-core machine moves with the machine: the same commit has taken
315 s one morning and 906 s another day, every test slower by the same factor. So this script
times a fixed baseline job before and after `make test` and prints the suite's time beside it:
a change in the ratio is the suite's doing, a change in the baseline is the machine's.

- the baseline: on every CPU at once, `--baseline-runs` times in a row, a new interpreter that
  imports NumPy, pandas and scikit-learn and runs a fixed pure-Python loop (start-ups, imports
  and interpreted code: most of what the suite's processes do);
- `make test` as the README gives it (lint, types, then pytest on every CPU), its wall time,
  the test time pytest reports, and the CPU time the whole machine was busy (Linux, from
  /proc/stat);
- the target of issues 13 and 16: under 8 minutes on 2 cores.

Usage: python benchmarks/bench_suite.py [--baseline-runs N] [--log FILE]
(run it from a set-up repository: `make test` has installed everything once, so the figure is
the suite's own, not the install's).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 8 * 60
BASELINE_JOB = """
import numpy, pandas, sklearn.linear_model
total = 0
for i in range(3_000_000):
    total += i * i % 7
"""
_PYTEST_SUMMARY = re.compile(r"(\d+) passed.* in ([\d.]+)s")


def baseline(python: str, runs: int) -> float:
    """Seconds for the baseline job run `runs` times in a row on every CPU at once."""
    cpus = os.cpu_count() or 1

    def slot(_: int) -> None:
        for _ in range(runs):
            subprocess.run([python, "-c", BASELINE_JOB], check=True, capture_output=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(cpus) as pool:
        list(pool.map(slot, range(cpus)))
    return time.perf_counter() - start


def busy_cpu_seconds() -> float | None:
    """CPU seconds the machine has spent not idle since boot (None off Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(field) for field in fields[:8]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument(
        "--log", type=Path, default=Path(tempfile.gettempdir()) / "tutor-bench-suite.log"
    )
    args = parser.parse_args()
    python = str(REPO / ".venv" / "bin" / "python")
    if not Path(python).exists():
        sys.exit("no .venv here: run `make test` once first, then this script")

    before = baseline(python, args.baseline_runs)
    busy_start, start = busy_cpu_seconds(), time.perf_counter()
    with args.log.open("w") as log:
        done = subprocess.run(["make", "test"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
    busy_end = busy_cpu_seconds()
    after = baseline(python, args.baseline_runs)

    output = args.log.read_text(errors="replace")
    summary = _PYTEST_SUMMARY.findall(output)
    tests, test_seconds = (int(summary[-1][0]), float(summary[-1][1])) if summary else (0, 0.0)
    mean = (before + after) / 2
    cpus = os.cpu_count() or 1
    print(
        f"baseline job ({cpus} CPUs x {args.baseline_runs} runs): {before:.1f} s before, "
        f"{after:.1f} s after"
    )
    status = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
    print(f"make test: {wall:.1f} s wall, {status}; pytest: {tests} passed in {test_seconds:.1f} s")
    if busy_start is not None and busy_end is not None:
        busy = busy_end - busy_start
        print(f"machine busy: {busy:.0f} CPU-s ({busy / (wall * cpus):.1%} of {cpus} CPUs)")
    print(
        f"make test / baseline: {wall / mean:.1f}x; pytest / baseline: {test_seconds / mean:.1f}x"
    )
    print(f"target: make test under {TARGET_SECONDS} s: {wall / TARGET_SECONDS:.0%} of it")
    print(f"(make test's output: {args.log})")
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
