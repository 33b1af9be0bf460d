"""Round trips to a PostgreSQL server: the reading commands make a fixed few, however long the log.

Each round trip costs the network's latency (tens of milliseconds over a VPN), so what a command
sends must not grow with the learner's history. Counted from libpq's own protocol trace of a real
run of the CLI, in this process, against a real server (tests/helpers/pg_trace.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.pg_trace import Trips, round_trips
from typer.testing import CliRunner

from tutor.cli import app
from tutor.store import Event, new_attempt, open_store

pytest.importorskip("psycopg")

# The PostgreSQL server and a fresh database per test: pg_server, pg_url.
pytest_plugins = ["helpers.pg_fixtures"]

KEYS = ["alpha/add", "alpha/pick", "alpha/say", "beta/primes", "beta/shout"]
# One connection, then one round trip for the schema version and the store's identity, and one
# for the learner's log after the cache's position (a pipeline: lock, rows, position).
EXPECTED = 2


def fill(url: str, learner: str, count: int) -> None:
    """`count` attempts over the past weeks, with hints and reveals, and a neighbour's rows."""
    now = datetime.now(UTC)
    attempts = []
    for n in range(count):
        finished = now - timedelta(days=40) + timedelta(hours=n * 40 * 24 / count)
        attempts.append(
            new_attempt(
                learner=learner,
                key=KEYS[n % len(KEYS)],
                started=finished - timedelta(minutes=3),
                finished=finished,
                outcome="passed" if n % 3 else "failed",
                score=1.0 if n % 3 else 0.5,
                hints_used=n % 2,
                seconds=180.0,
                kind="review" if n >= len(KEYS) else "new",
            )
        )
    events = [Event(learner, a.key, a.started, "hint", 1) for a in attempts[::7]]
    with open_store(url) as store:
        store.merge(attempts, events)
        store.record(attempts[0]._replace(id=f"neighbour-of-{learner}", learner="neighbour"))


def run(*args: str) -> Trips:
    with round_trips() as trips:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return trips


@pytest.mark.parametrize("command", [("today", "--plan"), ("progress",)], ids=" ".join)
def test_reading_commands_make_the_same_few_round_trips_however_long_the_log(
    command: tuple[str, ...],
    tutor_env: dict[str, str],
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUTOR_DB", pg_url)
    seen: dict[tuple[int, str], Trips] = {}
    for size in (10, 500):
        learner = f"learner{size}"
        # A learner of their own per size, each with their own settings (and no derived cache).
        monkeypatch.setenv("TUTOR_CONFIG", str(tmp_path / f"config-{size}.toml"))
        assert CliRunner().invoke(app, ["config", "--handle", learner]).exit_code == 0
        fill(pg_url, learner, size)
        seen[size, "first"] = run(*command)  # no derived cache yet: the whole log is read
        seen[size, "again"] = run(*command)  # the cache is brought up to date
    counts = {f"{size} attempts, {when}": str(trips) for (size, when), trips in seen.items()}
    # The same for 10 attempts as for 500, read whole or from the cache, and few.
    assert len(set(counts.values())) == 1, counts
    trips = seen[500, "first"]
    assert (trips.connections, trips.round_trips) == (1, EXPECTED), (counts, trips.queries)


def test_the_counter_counts_each_wait_for_the_server_once(pg_url: str) -> None:
    import psycopg

    with round_trips() as trips, psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("SELECT 1")
        conn.execute("SELECT %s::int", (2,)).fetchall()
        conn.execute("SELECT generate_series(1, 5000)").fetchall()
    assert (trips.connections, trips.round_trips) == (1, 3)
    with round_trips() as trips, psycopg.connect(pg_url, autocommit=True) as conn:
        first, second = conn.cursor(), conn.cursor()
        with conn.pipeline():
            first.execute("SELECT generate_series(1, 5000)")
            second.execute("SELECT %s::int", (2,))
        assert len(first.fetchall()) == 5000 and second.fetchall() == [(2,)]
    assert (trips.connections, trips.round_trips) == (1, 1)
