"""Speed figures for the tutor, as ratios against baselines measured in the same run.

Prints medians of several runs of whole commands (start-up included, as a learner feels them):

- the floor: `python -c "import typer, rich.console"`;
- `tutor today --plan` on the shipped curriculum and on a generated one of 1,000 modules x 20
  exercises, against the floor (targets: 1.3x and 1.6x); the load cache is warm, as on every
  run but the first after an edit;
- `tutor check` on a passing exercise against the floor plus `python -m pytest check.py` run
  directly on the same files (target: 1.15x);
- `tutor lesson` (piped: the whole lesson rendered) against the floor (target: 1.3x);
- with a heavy learner's log (100,000 attempts over 2,000 exercises, three years):
  `tutor today --plan` and `tutor progress` against the floor (target: 1.6x each; the derived
  progress cache is warm, as on every run but the first after new attempts from another
  machine), and recording one attempt through the store API (target: 5 ms median).

Usage: python benchmarks/bench.py [--runs N]
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
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate, generate_history  # noqa: E402

RECORD_ONE = """
import statistics, sys, time
from datetime import UTC, datetime, timedelta
from tutor.store import new_attempt, open_store
times = []
with open_store(sys.argv[1]) as store:
    for n in range(int(sys.argv[2])):
        now = datetime.now(UTC)
        attempt = new_attempt(learner="heavy", key="m0000/e01", started=now - timedelta(seconds=30),
                              finished=now, outcome="passed", score=1.0, hints_used=0, seconds=30.0)
        start = time.perf_counter()
        store.record(attempt)
        times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def median_time(
    argv: Sequence[str], env: dict[str, str], runs: int, cwd: Path | None = None
) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0,):
            sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return statistics.median(times)


def interleaved(
    commands: dict[str, tuple[Sequence[str], dict[str, str], Path | None]], runs: int
) -> dict[str, float]:
    """Median per command, runs interleaved so that machine noise hits all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env, cwd) in commands.items():
            samples[name].append(median_time(argv, env, 1, cwd))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--attempts", type=int, default=100_000)
    args = parser.parse_args()
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="tutor-bench-"))
    try:
        env = dict(os.environ)
        env.update(
            TUTOR_DB=str(work / "progress.sqlite3"),
            TUTOR_CONFIG=str(work / "config.yaml"),
            TUTOR_CACHE_DIR=str(work / "cache"),
            TUTOR_WORKSPACE=str(work / "workspace"),
        )
        env.pop("TUTOR_CURRICULUM", None)
        # Learners' installs have bytecode; a session that forbids writing it would time the compiler.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        big = generate(work / "big", 1000, 20)
        heavy_curriculum = generate(work / "heavy-curriculum", 100, 20)
        heavy = dict(
            env, TUTOR_DB=str(work / "heavy.sqlite3"), TUTOR_CONFIG=str(work / "heavy.toml")
        )
        (work / "heavy.toml").write_text('name = "Heavy"\nhandle = "heavy"\nbudget = 60\n')
        generate_history(work / "heavy.sqlite3", heavy_curriculum, "heavy", args.attempts)
        shipped = REPO / "curriculum"
        tutor = [py, "-m", "tutor"]
        # Warm the caches once (the first run after an edit pays for parsing and folding).
        for root, run_env in ((shipped, env), (big, env), (heavy_curriculum, heavy)):
            subprocess.run(
                [*tutor, "--curriculum", str(root), "today", "--plan"],
                env=run_env,
                check=True,
                capture_output=True,
            )

        exercise = shipped / "numpy-idioms" / "exercises" / "pairwise-distances"
        subprocess.run(
            [*tutor, "start", "numpy-idioms/pairwise-distances"],
            env=env,
            check=True,
            capture_output=True,
        )
        workspace_file = work / "workspace" / "numpy-idioms" / "pairwise-distances.py"
        shutil.copy(exercise / "solution.py", workspace_file)
        direct = work / "direct"
        direct.mkdir()
        shutil.copy(exercise / "solution.py", direct / "exercise.py")
        shutil.copy(exercise / "check.py", direct / "check.py")

        floor = [py, "-c", "import typer, rich.console"]
        times = interleaved(
            {
                "floor": (floor, env, None),
                "plan_shipped": (
                    [*tutor, "--curriculum", str(shipped), "today", "--plan"],
                    env,
                    None,
                ),
                "plan_big": ([*tutor, "--curriculum", str(big), "today", "--plan"], env, None),
                "check": (
                    [
                        *tutor,
                        "--curriculum",
                        str(shipped),
                        "check",
                        "numpy-idioms/pairwise-distances",
                    ],
                    env,
                    None,
                ),
                # Piped, as a script would read it: the whole lesson rendered, no paging.
                "lesson": (
                    [*tutor, "--curriculum", str(shipped), "lesson", "numpy-idioms/broadcasting"],
                    env,
                    None,
                ),
                "pytest": (
                    [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "check.py"],
                    env,
                    direct,
                ),
                "plan_heavy": (
                    [*tutor, "--curriculum", str(heavy_curriculum), "today", "--plan"],
                    heavy,
                    None,
                ),
                "progress_heavy": (
                    [*tutor, "--curriculum", str(heavy_curriculum), "progress"],
                    heavy,
                    None,
                ),
            },
            args.runs,
        )
        record = subprocess.run(
            [py, "-c", RECORD_ONE, str(work / "heavy.sqlite3"), "200"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        record_one = float(record.stdout)
        f = times["floor"]
        rows = [
            ("floor: python -c 'import typer, rich.console'", times["floor"], 1.0, None),
            (
                "tutor today --plan, shipped curriculum",
                times["plan_shipped"],
                times["plan_shipped"] / f,
                1.3,
            ),
            (
                "tutor today --plan, 1,000 modules x 20 exercises",
                times["plan_big"],
                times["plan_big"] / f,
                1.6,
            ),
            ("tutor lesson, piped", times["lesson"], times["lesson"] / f, 1.3),
            ("python -m pytest check.py (direct)", times["pytest"], None, None),
            (
                "tutor check vs floor + direct pytest",
                times["check"],
                times["check"] / (f + times["pytest"]),
                1.15,
            ),
            (
                f"tutor today --plan, {args.attempts:,} attempts",
                times["plan_heavy"],
                times["plan_heavy"] / f,
                1.6,
            ),
            (
                f"tutor progress, {args.attempts:,} attempts",
                times["progress_heavy"],
                times["progress_heavy"] / f,
                1.6,
            ),
        ]
        print(f"median of {args.runs} interleaved runs each; Python {sys.version.split()[0]}")
        print(f"{'measure':52} {'median':>9} {'ratio':>7} {'target':>7}")
        for label, seconds, ratio, target in rows:
            ratio_s = f"{ratio:.2f}x" if ratio is not None else ""
            target_s = f"<={target}x" if target is not None else ""
            flag = "" if target is None or ratio is None or ratio <= target else "  (over target)"
            print(f"{label:52} {seconds * 1000:7.1f}ms {ratio_s:>7} {target_s:>7}{flag}")
        flag = "" if record_one <= 0.005 else "  (over target)"
        print(
            f"{'record one attempt (store API), median of 200':52} {record_one * 1000:7.2f}ms"
            f" {'':>7} {'<=5ms':>7}{flag}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
