"""`tutor validate --run` on the shipped curriculum: two workers against one, checks forked from
the warm launcher against an interpreter started for each (TUTOR_COLD_CHECKS=1), and a
`--changed` run for a one-module change against a full run, timed in the same run.

Notebooks are executed every time (`--refresh`), so the cache does not flatter either side.
`--module ID` (repeatable) times those modules only (the whole curriculum takes many minutes).

Usage: python benchmarks/validate_speed.py [--runs N] [--module ID ...]
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

REPO = Path(__file__).resolve().parent.parent


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--module", action="append", default=[], help="only these modules")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tutor-validate-bench-"))
    try:
        root = work / "curriculum"
        shutil.copytree(REPO / "curriculum", root, ignore=shutil.ignore_patterns("__pycache__"))
        git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=b@example.com"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "."], check=True)
        subprocess.run([*git, "commit", "-qm", "curriculum"], check=True)
        lesson = next((root / "numpy-idioms" / "lessons").glob("*.md"))
        lesson.write_text(lesson.read_text() + "\nOne more sentence.\n")
        env = dict(os.environ, TUTOR_CACHE_DIR=str(work / "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        everything = [sys.executable, "-m", "tutor", "--curriculum", str(root), "validate", "--run"]
        base = [*everything, *(part for module in args.module for part in ("--module", module))]
        commands = {
            "one worker": [*base, "--refresh", "--workers", "1", "--json"],
            "two workers": [*base, "--refresh", "--workers", "2", "--json"],
            "two workers, cold": [*base, "--refresh", "--workers", "2", "--json", "COLD"],
            "--changed, one module": [
                *everything,
                "--refresh",
                "--workers",
                "2",
                "--changed",
                "HEAD",
                "--json",
            ],
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                cold = argv[-1] == "COLD"
                run_env = dict(env, TUTOR_COLD_CHECKS="1") if cold else env
                samples[name].append(timed(argv[:-1] if cold else argv, run_env))
        t = {name: statistics.median(values) for name, values in samples.items()}
        print(f"median of {args.runs} interleaved runs each; {os.cpu_count()} CPUs")
        print(f"{'one worker':34} {t['one worker']:7.1f} s")
        speedup = t["one worker"] / t["two workers"]
        flag = "" if speedup >= 1.6 else "  (under target)"
        print(
            f"{'two workers':34} {t['two workers']:7.1f} s  {speedup:.2f}x faster (target >=1.6x){flag}"
        )
        warm = t["two workers, cold"] / t["two workers"]
        print(
            f"{'two workers, cold checks':34} {t['two workers, cold']:7.1f} s  warm is {warm:.2f}x faster"
        )
        ratio = t["--changed, one module"] / t["two workers"]
        print(
            f"{'--changed (numpy-idioms only)':34} {t['--changed, one module']:7.1f} s  {ratio:.2f}x of a full run"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
