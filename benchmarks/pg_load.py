"""Load on the PostgreSQL progress store: many learners recording attempts at once.

N learner processes (20 by default), each with its own connection, record attempts one at a
time (one transaction each, as `tutor today` does) against one PostgreSQL database for a while
(60 s by default). Each writes down an attempt's id only once record() has returned, i.e. once
it is acknowledged. Then the script reports attempts per second and per-record latency, and checks
that every acknowledged attempt is stored exactly once and nothing else is stored.

The server is --url (a user who may create databases; a fresh database is made and dropped),
else a throwaway cluster started with PostgreSQL's initdb, with fsync on as in production.

Usage: python benchmarks/pg_load.py [--learners 20] [--seconds 60] [--url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]


def worker(url: str, learner: str, seconds: float, log: Path) -> None:
    """One learner: record attempts until the deadline, writing `id latency` once acknowledged.

    To a file, not the pipe: a pipe the parent does not drain yet would stall the worker.
    """
    from tutor.store import new_attempt, open_store

    with open_store(url) as store, log.open("w") as acknowledged:
        print("ready", flush=True)
        sys.stdin.readline()  # every worker starts at once
        deadline = time.monotonic() + seconds
        number = 0
        while time.monotonic() < deadline:
            now = datetime.now(UTC)
            attempt = new_attempt(
                learner=learner,
                key=f"module-{number % 40}/exercise-{number % 7}",
                started=now,
                finished=now,
                outcome=("passed", "failed", "skipped")[number % 3],
                score=(number % 5) / 4,
                hints_used=number % 3,
                seconds=12.5,
            )
            start = time.perf_counter()
            store.record(attempt)
            acknowledged.write(f"{attempt.id} {time.perf_counter() - start:.6f}\n")
            number += 1


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A fresh database on the given server or on a throwaway durable cluster; dropped after."""
    import psycopg
    from helpers.pg_cluster import find_bindir, throwaway_cluster
    from helpers.pg_fixtures import with_database
    from psycopg import sql

    if url is None:
        bindir = find_bindir()
        if bindir is None:
            sys.exit("no --url given and no PostgreSQL installed (apt-get install postgresql)")
        with throwaway_cluster(bindir, durable=True) as server, database(server) as fresh:
            yield fresh
        return
    name = f"tutor_load_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def run(url: str, learners: int, seconds: float, folder: Path) -> int:
    from tutor.store import open_store

    open_store(url).close()  # migrated once before the clock starts
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, __file__, "--worker", url, "--seconds", str(seconds)]
    children = [
        subprocess.Popen(
            [*command, "--learner", f"learner-{n:02d}", "--log", str(folder / f"{n:02d}.txt")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(learners)
    ]
    for child in children:
        assert child.stdout is not None
        if child.stdout.readline() != "ready\n":
            sys.exit("a learner process failed to start")
    began = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        child.communicate()
    elapsed = time.perf_counter() - began
    outputs = [(folder / f"{n:02d}.txt").read_text() for n in range(learners)]
    failed = [child.returncode for child in children if child.returncode]
    acknowledged: dict[str, list[str]] = {}
    latencies: list[float] = []
    for n, out in enumerate(outputs):
        rows = [line.split() for line in out.splitlines()]
        acknowledged[f"learner-{n:02d}"] = [row[0] for row in rows]
        latencies += [float(row[1]) for row in rows]
    total = sum(map(len, acknowledged.values()))
    problems = check_stored(url, acknowledged)
    per = sorted(len(ids) for ids in acknowledged.values())
    cut = statistics.quantiles(latencies, n=100)
    # Workers record for `seconds` each from the same start; `elapsed` adds their exits.
    print(f"{learners} learner processes recording for {seconds:g} s (wall {elapsed:.1f} s)")
    print(f"acknowledged attempts: {total}  ({total / seconds:,.0f} attempts/s)")
    print(f"per learner: min {per[0]}, median {statistics.median(per):.0f}, max {per[-1]}")
    print(
        f"record() latency: median {statistics.median(latencies) * 1000:.2f} ms,"
        f" p99 {cut[98] * 1000:.2f} ms, max {max(latencies) * 1000:.2f} ms"
    )
    if failed:
        problems.append(f"{len(failed)} learner processes failed: exit codes {failed}")
    for problem in problems:
        print("PROBLEM:", problem)
    print("stored exactly once: " + ("no" if problems else f"yes, all {total}"))
    return 1 if problems else 0


def check_stored(url: str, acknowledged: dict[str, list[str]]) -> list[str]:
    """Every acknowledged id stored once, for its learner, and nothing else stored."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id, learner FROM attempts").fetchall()
    problems = []
    copies = Counter(row[0] for row in rows)
    twice = [id_ for id_, count in copies.items() if count > 1]
    if twice:
        problems.append(f"{len(twice)} ids stored more than once")
    stored = {(id_, learner) for id_, learner in rows}
    sent = {(id_, learner) for learner, ids in acknowledged.items() for id_ in ids}
    if len(sent) != sum(map(len, acknowledged.values())):
        problems.append("a worker printed the same id twice")
    if sent - stored:
        problems.append(f"{len(sent - stored)} acknowledged attempts are missing")
    if stored - sent:
        problems.append(f"{len(stored - sent)} stored attempts were never acknowledged")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", help="a PostgreSQL user who may create databases")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--learner", help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.learner, args.seconds, args.log)
        return
    with database(args.url) as url, tempfile.TemporaryDirectory() as folder:
        code = run(url, args.learners, args.seconds, Path(folder))
    sys.exit(code)


if __name__ == "__main__":
    main()
