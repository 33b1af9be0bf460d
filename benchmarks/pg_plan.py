"""The same command on the two progress stores: PostgreSQL against SQLite, one 100,000-attempt log.

Writes one learner's 100,000 attempts (over the shipped curriculum's exercises, about a year of
them) with the store API into a SQLite file and into a PostgreSQL database (the same attempts,
ids and all), then times a command against each, interleaved, start-up included, as a learner
feels it (target: PostgreSQL at most 1.3x SQLite). The command defaults to `today --plan`;
any other is given after `--`, so the comparison survives changes to what it does.

Also printed, to explain the gap: the floor (`python -c "import typer, rich.console"`), the
same plus `import psycopg`, and opening each store from Python.

The server is --url (a user who may create databases; a fresh database is made and dropped),
else a throwaway cluster started with PostgreSQL's initdb, fsync on, on loopback with a password.

Usage: python benchmarks/pg_plan.py [--runs N] [--attempts N] [--url URL] [-- COMMAND...]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(HERE)]

from bench import interleaved  # noqa: E402
from pg_load import database  # noqa: E402

LEARNER = "bench"


def attempts_log(count: int, keys: Sequence[str]) -> list[object]:
    """`count` attempts by one learner, spread over a year, most recent last."""
    from tutor.store import new_attempt

    rng = random.Random(7)
    end = datetime.now(UTC) - timedelta(hours=1)
    step = timedelta(days=365) / count
    made = []
    for n in range(count):
        finished = end - step * (count - n)
        made.append(
            new_attempt(
                learner=LEARNER,
                key=keys[rng.randrange(len(keys))],
                started=finished - timedelta(seconds=90),
                finished=finished,
                outcome=rng.choice(("passed", "passed", "failed", "skipped")),
                score=rng.random(),
                hints_used=rng.randrange(3),
                seconds=90.0,
                kind="review" if n % 3 else "new",
            )
        )
    return made


def fill(locations: Sequence[str], count: int) -> None:
    from tutor.curriculum.loader import load_curriculum
    from tutor.store import Attempt, open_store

    keys = [ex.key for ex in load_curriculum(REPO / "curriculum").exercises]
    log = [a for a in attempts_log(count, keys) if isinstance(a, Attempt)]
    for location in locations:
        with open_store(location) as store:
            for start in range(0, len(log), 5000):
                store.record_many(log[start : start + 5000])
            assert len(store.attempts(LEARNER)) == count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--url", help="a PostgreSQL user who may create databases")
    parser.add_argument("command", nargs="*", default=["today", "--plan"])
    args = parser.parse_args()
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="tutor-pg-plan-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "PG"))}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # learners' installs have bytecode
        env.update(
            TUTOR_CONFIG=str(work / "config.toml"),
            TUTOR_CACHE_DIR=str(work / "cache"),
            TUTOR_WORKSPACE=str(work / "workspace"),
            PYTHONPATH=str(REPO),
        )
        sqlite_file = str(work / "progress.sqlite3")
        with database(args.url) as url:
            tutor = [py, "-m", "tutor", "--curriculum", str(REPO / "curriculum")]
            subprocess.run([*tutor, "config", "--handle", LEARNER], env=env, check=True)
            fill([sqlite_file, url], args.attempts)
            on = {
                "sqlite": [*tutor, "--db", sqlite_file, *args.command],
                "postgresql": [*tutor, "--db", url, *args.command],
            }
            for argv in on.values():  # warm the caches, as on every run but the first
                for _ in range(2):
                    subprocess.run(argv, env=env, check=True, capture_output=True)
            opening = (
                "import sys; from tutor.store import open_store; open_store(sys.argv[1]).close()"
            )
            times = interleaved(
                {
                    "floor": ([py, "-c", "import typer, rich.console"], env, None),
                    "floor+psycopg": ([py, "-c", "import typer, rich.console, psycopg"], env, None),
                    "open sqlite": ([py, "-c", opening, sqlite_file], env, None),
                    "open postgresql": ([py, "-c", opening, url], env, None),
                    **{name: (argv, env, None) for name, argv in on.items()},
                },
                args.runs,
            )
        report(times, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(times: dict[str, float], args: argparse.Namespace) -> None:
    command = " ".join(args.command)
    ratio = times["postgresql"] / times["sqlite"]
    print(f"median of {args.runs} interleaved runs each; {args.attempts:,} attempts in each store")
    for name, seconds in times.items():
        label = f"tutor {command}" if name in ("sqlite", "postgresql") else name
        print(f"  {label:28} {name if label != name else '':12} {seconds * 1000:7.1f} ms")
    print(
        f"tutor {command}: PostgreSQL / SQLite = {ratio:.2f}x (target <= 1.3x)"
        + ("" if ratio <= 1.3 else "  (over target)")
    )
    imports = times["floor+psycopg"] - times["floor"]
    opening = times["open postgresql"] - times["open sqlite"]
    print(
        f"  where it goes: importing psycopg {imports * 1000:.0f} ms; opening the PostgreSQL store"
        f" (import, connect, schema check) {opening * 1000:.0f} ms more than the SQLite one"
    )


if __name__ == "__main__":
    main()
