"""Load on the PostgreSQL progress store: many learners recording attempts at once.

N learner processes (20 by default), each with its own connection, record attempts one at a
time (one transaction each, as `tutor today` does) against one PostgreSQL database for a while
(60 s by default). Each writes down an attempt's id only once record() has returned, i.e. once
it is acknowledged. Then the script reports attempts per second and per-record latency, and checks
that every acknowledged attempt is stored exactly once and nothing else is stored.

With --restart, the server is restarted (`pg_ctl restart -m fast`, as an upgrade or a failover
does) half-way through. The report then also says how many attempts went through the local
outbox, how many were lost (must be 0: exit status 1 otherwise), the longest pause in any
learner's recording, and whether the learner processes wrote anything on stderr (they must not).

The server is --url (a user who may create databases; a fresh database is made and dropped),
else a throwaway cluster started with PostgreSQL's initdb, with fsync on as in production;
--restart always starts its own, since it must restart it.

Usage: python benchmarks/pg_load.py [--learners 20] [--seconds 60] [--url URL]
       python benchmarks/pg_load.py --restart [--learners 4] [--seconds 20]
"""

from __future__ import annotations

import argparse
import itertools
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.pg_cluster import Cluster

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]


def worker(url: str, learner: str, seconds: float, log: Path) -> None:
    """One learner: record attempts until the deadline, writing `id latency when how` once each
    is acknowledged (`when` on the monotonic clock, `how` sent or queued in the outbox).

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
            latency = time.perf_counter() - start
            how = "queued" if store.offline else "sent"
            acknowledged.write(f"{attempt.id} {latency:.6f} {time.monotonic():.6f} {how}\n")
            number += 1


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A fresh database on the given server or on a throwaway durable cluster; dropped after."""
    if url is None:
        with restartable() as (fresh, _):
            yield fresh
        return
    with fresh_database(url) as fresh:
        yield fresh


@contextmanager
def restartable() -> Iterator[tuple[str, Cluster]]:
    """A fresh database on a throwaway durable cluster of our own, and the cluster."""
    from helpers.pg_cluster import cluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        sys.exit("no --url given and no PostgreSQL installed (apt-get install postgresql)")
    with cluster(bindir, durable=True) as running, fresh_database(running.url) as fresh:
        yield fresh, running


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    import psycopg
    from helpers.pg_fixtures import with_database
    from psycopg import sql

    name = f"tutor_load_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


class Acknowledged:
    """What the learner processes wrote down, read back from their files."""

    def __init__(self, folder: Path, learners: int) -> None:
        self.ids: dict[str, list[str]] = {}
        self.latencies: list[float] = []
        self.longest_pause = (0.0, "")  # seconds, learner
        self.gaps: list[float] = []
        self.queued = 0
        for n in range(learners):
            learner = f"learner-{n:02d}"
            rows = [line.split() for line in (folder / f"{n:02d}.txt").read_text().splitlines()]
            self.ids[learner] = [row[0] for row in rows]
            self.latencies += [float(row[1]) for row in rows]
            times = [float(row[2]) for row in rows]
            self.queued += sum(row[3] == "queued" for row in rows)
            gaps = [b - a for a, b in itertools.pairwise(times)]
            self.gaps += gaps
            if gaps and max(gaps) > self.longest_pause[0]:
                self.longest_pause = (max(gaps), learner)

    @property
    def total(self) -> int:
        return sum(map(len, self.ids.values()))


def start_workers(
    url: str, learners: int, seconds: float, folder: Path, env: dict[str, str]
) -> list[subprocess.Popen[str]]:
    command = [sys.executable, __file__, "--worker", url, "--seconds", str(seconds)]
    children = [
        subprocess.Popen(
            [*command, "--learner", f"learner-{n:02d}", "--log", str(folder / f"{n:02d}.txt")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(learners)
    ]
    for child in children:
        assert child.stdout is not None
        if child.stdout.readline() != "ready\n":
            _, err = child.communicate()
            sys.exit(f"a learner process failed to start:\n{err}")
    return children


def go(children: list[subprocess.Popen[str]]) -> None:
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()


def run(url: str, learners: int, seconds: float, folder: Path) -> int:
    from tutor.store import open_store

    open_store(url).close()  # migrated once before the clock starts
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = start_workers(url, learners, seconds, folder, env)
    began = time.perf_counter()
    go(children)
    errors = [child.communicate()[1] for child in children]
    elapsed = time.perf_counter() - began
    failed = [child.returncode for child in children if child.returncode]
    acknowledged = Acknowledged(folder, learners)
    total, latencies = acknowledged.total, acknowledged.latencies
    problems = check_stored(stored_rows(url), acknowledged.ids)
    per = sorted(len(ids) for ids in acknowledged.ids.values())
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
        problems += [line for err in errors for line in err.splitlines()][:10]
    for problem in problems:
        print("PROBLEM:", problem)
    print("stored exactly once: " + ("no" if problems else f"yes, all {total}"))
    return 1 if problems else 0


def run_restart(url: str, cluster: Cluster, learners: int, seconds: float, folder: Path) -> int:
    """Learners record while the server restarts half-way; 1 if an attempt was lost."""
    from tutor.store import open_store

    os.environ["TUTOR_OUTBOX_DIR"] = str(folder / "outbox")  # never the user's own outbox
    open_store(url).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = start_workers(url, learners, seconds, folder, env)
    go(children)
    began = time.perf_counter()
    time.sleep(seconds / 2)
    restarted_at = time.perf_counter() - began
    cluster.restart("fast")
    restart_took = time.perf_counter() - began - restarted_at
    errors = [child.communicate()[1] for child in children]
    failed = [child.returncode for child in children if child.returncode]
    acknowledged = Acknowledged(folder, learners)
    with open_store(url) as store:  # as the next command would: sends what still waits
        left = store.pending().attempts
    rows = stored_rows(url)
    kept = {id_ for id_, _ in rows}
    lost = sum(1 for ids in acknowledged.ids.values() for id_ in ids if id_ not in kept)
    pause, who = acknowledged.longest_pause
    print(
        f"{learners} learner processes recording for {seconds:g} s; the server restarted"
        f" (pg_ctl restart -m fast) at {restarted_at:.1f} s, which took {restart_took:.2f} s"
    )
    print(
        f"acknowledged attempts: {acknowledged.total}"
        f" (of which {acknowledged.queued} went through the outbox;"
        f" {left} still waited there at the end, sent by the next open)"
    )
    print(f"stored: {len(rows)}, lost: {lost}")
    print(
        f"longest pause in recording: {pause:.2f} s ({who}; median gap between attempts"
        f" {statistics.median(acknowledged.gaps) * 1000:.1f} ms)"
    )
    noise = [line for err in errors for line in err.splitlines()]
    print(f"stderr of the learner processes: {len(noise)} lines")
    problems = check_stored(rows, acknowledged.ids)
    if failed:
        problems.append(f"{len(failed)} learner processes failed: exit codes {failed}")
    problems += [f"stderr: {line}" for line in noise[:10]]
    for problem in problems:
        print("PROBLEM:", problem)
    print("stored exactly once: " + ("no" if problems else f"yes, all {acknowledged.total}"))
    return 1 if problems else 0


def stored_rows(url: str) -> list[tuple[str, str]]:
    """(id, learner) of every attempt the server holds."""
    import psycopg

    with psycopg.connect(url) as conn:
        return [(row[0], row[1]) for row in conn.execute("SELECT id, learner FROM attempts")]


def check_stored(rows: list[tuple[str, str]], acknowledged: dict[str, list[str]]) -> list[str]:
    """Every acknowledged id stored once, for its learner, and nothing else stored."""
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
    parser.add_argument("--learners", type=int, help="20 by default, 4 with --restart")
    parser.add_argument("--seconds", type=float, help="60 by default, 20 with --restart")
    parser.add_argument("--url", help="a PostgreSQL user who may create databases")
    parser.add_argument(
        "--restart", action="store_true", help="restart the server half-way (its own cluster)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--learner", help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.learner, args.seconds, args.log)
        return
    if args.restart:
        if args.url:
            parser.error("--restart starts a server of its own to restart: drop --url")
        learners, seconds = args.learners or 4, args.seconds or 20.0
        with restartable() as (url, cluster), tempfile.TemporaryDirectory() as folder:
            code = run_restart(url, cluster, learners, seconds, Path(folder))
        sys.exit(code)
    with database(args.url) as url, tempfile.TemporaryDirectory() as folder:
        code = run(url, args.learners or 20, args.seconds or 60.0, Path(folder))
    sys.exit(code)


if __name__ == "__main__":
    main()
