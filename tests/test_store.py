"""Tests for the progress store: schema, round trips, queries, concurrency, crashes, merging.

Every test that takes `location` or `store` runs against both stores, SQLite and PostgreSQL (see
tests/helpers/pg_fixtures.py for where the server comes from). What only one store has is in
test_store_sqlite.py (files on disk) and test_store_postgres.py (servers and URLs).
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers.store_data import T0, at, attempt, pragma, raw, snapshot
from helpers.store_trace import sqlite_statements

from tutor.base.errors import StoreError
from tutor.store import (
    MIGRATIONS,
    Event,
    ProgressStore,
    open_store,
)
from tutor.store.migrations import APPLICATION_ID, migrate
from tutor.store.model import (
    ATTEMPT_KINDS,
    EVENT_KINDS,
    OUTCOMES,
    AttemptKind,
    EventKind,
    Outcome,
)
from tutor.store.sql import LATEST_OUTCOMES, POSTGRES, SQLITE

# The PostgreSQL server and a fresh database per test: pg_server, pg_url.
pytest_plugins = ["helpers.pg_fixtures"]

REPO = Path(__file__).resolve().parents[1]
CHILD = REPO / "tests" / "helpers" / "store_child.py"


Location = Path | str  # a SQLite file, or a postgresql:// URL


def run_sql(location: Location, statement: str) -> list[tuple[Any, ...]]:
    """Run one statement outside the store, on either database; returns its rows."""
    if isinstance(location, Path):
        with raw(location) as conn:
            return conn.execute(statement).fetchall()
    import psycopg

    with psycopg.connect(location, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def ledger(location: Location) -> list[tuple[Any, ...]]:
    return run_sql(location, "SELECT version, name FROM schema_migrations ORDER BY version")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    # A folder that does not exist yet: opening must create it.
    return tmp_path / "data" / "progress.sqlite3"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, db_path: Path) -> Location:
    """Where a new, empty store is: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return db_path
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(location: Location) -> Iterator[ProgressStore]:
    with open_store(location) as opened:
        yield opened


# --- schema and migrations ---------------------------------------------------------------


def test_fresh_database_is_created_at_the_latest_version(location: Location) -> None:
    open_store(location).close()
    assert ledger(location) == [(number, m.name) for number, m in enumerate(MIGRATIONS, start=1)]
    if isinstance(location, Path):
        assert pragma(location, "user_version") == len(MIGRATIONS)
        assert pragma(location, "application_id") == APPLICATION_ID
        assert pragma(location, "journal_mode") == "wal"


def test_migrations_are_named_and_apply_once(tmp_path: Path) -> None:
    names = [m.name for m in MIGRATIONS]
    assert all(names) and len(set(names)) == len(names)
    # One list for both databases: every step exists in both dialects.
    assert all(m.statements and m.postgres for m in MIGRATIONS)
    with raw(tmp_path / "db") as conn:
        assert migrate(conn, "db") == len(MIGRATIONS)
        assert migrate(conn, "db") == 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def migrate_to(location: Location, version: int) -> None:
    """Bring a new database to an older version of the schema, as an older tutor left it."""
    if isinstance(location, Path):
        location.parent.mkdir(exist_ok=True)
        with raw(location) as conn:
            migrate(conn, str(location), MIGRATIONS[:version])
        return
    import psycopg

    from tutor.store.postgres import Server, migrate_postgres

    with psycopg.connect(location, autocommit=True) as conn:
        migrate_postgres(conn, Server(location), MIGRATIONS[:version])


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
def test_older_database_is_migrated_forward_keeping_its_rows(
    location: Location, version: int
) -> None:
    migrate_to(location, version)
    run_sql(
        location,
        "INSERT INTO attempts (id, learner, key, started_us, finished_us, outcome, score,"
        " hints_used, seconds, kind, detail) VALUES ('old', 'ana', 'm/e', 0, 1000000, 'failed',"
        " 0.5, 1, 1.0, 'new', 'timed out after 20 s')",
    )
    with open_store(location) as store:
        assert [a.id for a in store.attempts("ana")] == ["old"]
        assert store.attempts("ana")[0].finished == datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)
    assert [row[0] for row in ledger(location)] == list(range(1, len(MIGRATIONS) + 1))


# A history as version 3 stored it: every attempt `new`, reveals only as events. Minutes from T0:
# (id, learner, key, started, finished, outcome) -> the kind and revealed flag version 4 derives.
HISTORY_AT_3 = [
    (("a1", "ana", "m/e", 0, 1, "failed"), ("new", False)),
    # The reveal at 2 lies after no pass and before a2 finished.
    (("a2", "ana", "m/e", 1, 3, "passed"), ("new", True)),
    # Passed at 3, before a3 started: a review; the reveal at 2 was before that pass.
    (("a3", "ana", "m/e", 10, 11, "failed"), ("review", False)),
    # The reveal at 12 lies after the pass at 3 and before a4 finished.
    (("a4", "ana", "m/e", 13, 14, "passed"), ("review", True)),
    (("a5", "ana", "m/e", 15, 16, "passed"), ("review", False)),
    # A reveal at the very moment a6 finished counts for it.
    (("a6", "ana", "m/e", 20, 21, "skipped"), ("review", True)),
    # A pass finishing at the very moment of a reveal (40) is not before it: a7 revealed, a8 not.
    (("a7", "ana", "m/e", 39, 40, "passed"), ("review", True)),
    (("a8", "ana", "m/e", 41, 42, "failed"), ("review", False)),
    # Another exercise: bo's pass and bo's reveal are not ana's.
    (("o1", "ana", "m/other", 30, 31, "passed"), ("new", False)),
    (("o2", "ana", "m/other", 32, 33, "failed"), ("review", False)),
    (("b1", "bo", "m/other", 0, 1, "passed"), ("new", False)),
    (("b2", "bo", "m/other", 5, 6, "failed"), ("review", True)),
    # Started before the pass finished: not a review.
    (("c1", "cy", "m/e", 0, 10, "passed"), ("new", False)),
    (("c2", "cy", "m/e", 5, 12, "passed"), ("new", False)),
]
# (learner, key, minute); the last reveals change nothing: cy's is of another exercise, ana's
# at 45 is after all her attempts.
REVEALS_AT_3 = [
    ("ana", "m/e", 2),
    ("ana", "m/e", 12),
    ("ana", "m/e", 21),
    ("ana", "m/e", 40),
    ("bo", "m/other", 3),
    ("cy", "m/other", 4),
    ("ana", "m/e", 45),
]


def test_version_4_derives_kinds_and_reveals_of_older_attempts(location: Location) -> None:
    migrate_to(location, 3)
    us = 60_000_000  # a minute
    for (id_, learner, key, started, finished, outcome), _ in HISTORY_AT_3:
        run_sql(
            location,
            "INSERT INTO attempts (id, learner, key, started_us, finished_us, outcome, score,"
            f" hints_used, seconds) VALUES ('{id_}', '{learner}', '{key}', {started * us},"
            f" {finished * us}, '{outcome}', 1.0, 0, 60.0)",
        )
    for learner, key, minute in REVEALS_AT_3:
        run_sql(
            location,
            "INSERT INTO events (learner, key, at_us, kind, value)"
            f" VALUES ('{learner}', '{key}', {minute * us}, 'reveal', 0)",
        )
    run_sql(
        location, "INSERT INTO events (learner, key, at_us, kind) VALUES ('ana', 'm/e', 0, 'hint')"
    )
    with open_store(location) as store:
        got = {
            a.id: (a.kind, a.revealed)
            for learner in ("ana", "bo", "cy")
            for a in store.attempts(learner)
        }
    assert got == {row[0]: derived for row, derived in HISTORY_AT_3}
    assert all(isinstance(revealed, bool) for _, revealed in got.values())


def test_database_from_a_newer_version_is_refused_and_untouched(location: Location) -> None:
    open_store(location).close()
    future = len(MIGRATIONS) + 1
    if isinstance(location, Path):
        run_sql(location, f"PRAGMA user_version = {future}")
        before: object = snapshot(location.parent)
    else:
        run_sql(location, f"INSERT INTO schema_migrations VALUES ({future}, 'future', 0)")
        before = ledger(location)
    with pytest.raises(StoreError, match="newer version of ml-daily-tutor") as caught:
        open_store(location)
    assert "upgrade" in caught.value.hint
    if isinstance(location, Path):
        assert str(location) in caught.value.message
        assert snapshot(location.parent) == before
    else:
        assert ledger(location) == before


# --- records and queries -------------------------------------------------------------------


def test_attempt_round_trip_keeps_every_field_and_aware_datetimes(store: ProgressStore) -> None:
    paris = timezone(timedelta(hours=1))
    sent = attempt(
        started=datetime(2025, 3, 10, 10, 0, 0, 123456, tzinfo=paris),
        finished=datetime(2025, 3, 10, 10, 2, 30, 654321, tzinfo=paris),
        outcome="failed",
        score=0.25,
        hints_used=2,
        seconds=150.53,
        kind="review",
        detail="timed out after 20 s",
        revealed=True,
    )
    store.record(sent)
    store.record(attempt(finished=at(60)))
    got, later = store.attempts("ana")
    assert got == sent and got.revealed is True and later.revealed is False
    assert got.started.tzinfo is UTC and got.finished.tzinfo is UTC
    assert got.finished == datetime(2025, 3, 10, 9, 2, 30, 654321, tzinfo=UTC)
    assert len(got.id) == 32 and got.id != attempt().id


def test_attempts_come_back_ordered_by_finish_and_filtered(store: ProgressStore) -> None:
    late = attempt(finished=at(30))
    early = attempt(finished=at(10))
    other_key = attempt(key="duckdb/joins", finished=at(20))
    other_learner = attempt(learner="bo", finished=at(5))
    for each in (late, early, other_key, other_learner):
        store.record(each)
    assert store.attempts("ana") == [early, other_key, late]
    assert store.attempts("ana", "polars-basics/select") == [early, late]
    assert store.attempts("nobody") == []


def test_recording_an_id_twice_keeps_one_copy(store: ProgressStore) -> None:
    first, second = attempt(), attempt()
    store.record(first)
    store.record(first)
    assert store.record_many([first, second, second]) == 1
    assert [a.id for a in store.attempts("ana")] == [first.id, second.id]


def columns_of_attempts(location: Location) -> list[str]:
    if isinstance(location, Path):
        query = "SELECT name FROM pragma_table_info('attempts')"
    else:
        query = (
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = 'attempts'"
        )
    return sorted(row[0] for row in run_sql(location, query))


def test_attempts_table_is_append_only_but_for_renames(
    store: ProgressStore, location: Location
) -> None:
    recorded = attempt()
    store.record(recorded)
    # Every column, including any a later migration adds, but `learner`.
    columns = columns_of_attempts(location)
    assert "learner" in columns and "revealed" in columns
    statements = [f"UPDATE attempts SET {c} = {c}" for c in columns if c not in ("learner", "pos")]
    statements.append("DELETE FROM attempts")
    refused: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
    if isinstance(location, Path):
        # The position attempts_after reads by, under each of its names.
        statements += [f"UPDATE attempts SET {name} = {name} + 1000" for name in ("rowid", "oid")]
        statements.append("UPDATE attempts SET _rowid_ = _rowid_ + 1000, learner = 'bo'")
    else:
        import psycopg

        statements += ["UPDATE attempts SET pos = DEFAULT", "TRUNCATE attempts"]
        refused = (psycopg.errors.IntegrityError,)
    for statement in statements:
        with pytest.raises(refused, match="append-only"):
            run_sql(location, statement)
    assert store.attempts("ana") == [recorded]
    run_sql(location, "UPDATE attempts SET learner = 'bo'")
    assert store.attempts("bo") == [recorded._replace(learner="bo")]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"finished": datetime(2025, 3, 10, 9, 30)}, "timezone-aware"),
        ({"outcome": "won"}, "outcome"),
        ({"score": 1.5}, "score"),
        ({"hints_used": -1}, "negative"),
        ({"kind": "retry"}, "kind must be one of .'new', 'review'."),
        ({"revealed": 1}, "revealed must be True or False"),
    ],
)
def test_invalid_attempts_are_refused(fields: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        attempt(**fields)


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        (["failed"], "failed"),
        (["failed", "skipped"], "skipped"),
        (["failed", "passed", "failed"], "passed"),
        (["passed", "skipped"], "passed"),
        (["skipped", "failed", "failed"], "failed"),
    ],
)
def test_latest_outcomes(store: ProgressStore, outcomes: list[str], expected: str) -> None:
    # Recorded newest first: the answer must follow finish times, not insertion order.
    for minutes, outcome in reversed(list(enumerate(outcomes))):
        store.record(attempt(outcome=outcome, finished=at(minutes)))
    store.record(attempt(key="other/exercise", outcome="skipped"))
    store.record(attempt(learner="bo", outcome="passed"))
    assert store.latest_outcomes("ana") == {
        "polars-basics/select": expected,
        "other/exercise": "skipped",
    }
    assert store.latest_outcomes("nobody") == {}


def test_latest_outcomes_stays_fast_with_100k_attempts(
    store: ProgressStore, location: Location
) -> None:
    # Key i % 1500 always gets outcome i % 4, so every key's answer is known in advance.
    columns = "id, learner, key, started_us, finished_us, outcome, score, hints_used, seconds"
    values = """'ana', 'm' || (i % 1500) || '/e', i, i,
        CASE i % 4 WHEN 0 THEN 'passed' WHEN 1 THEN 'skipped' ELSE 'failed' END, 0.5, 0, 1.0"""
    if isinstance(location, Path):
        run_sql(
            location,
            f"""WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
            INSERT INTO attempts ({columns}) SELECT printf('%032x', i), {values} FROM n""",
        )
    else:
        run_sql(
            location,
            f"""INSERT INTO attempts ({columns}) SELECT lpad(to_hex(i), 32, '0'), {values}
            FROM generate_series(0, 99999) AS i""",
        )
        run_sql(location, "ANALYZE attempts")  # what autovacuum does after a bulk insert
    outcomes = store.latest_outcomes("ana")
    assert len(outcomes) == 1500
    assert outcomes["m0/e"] == "passed" and outcomes["m1/e"] == "skipped"
    assert list(outcomes.values()).count("failed") == 750
    # What keeps it fast: the newest attempt of each exercise is one probe of the (learner, key,
    # finished_us) index, never a scan or a sort of the learner's attempts per exercise.
    if isinstance(location, Path):
        plan = [row[-1] for row in run_sql(location, f"EXPLAIN QUERY PLAN {plan_of(SQLITE)}")]
        assert plan == [
            "SEARCH a USING COVERING INDEX attempts_learner_key (learner=?)",
            "CORRELATED SCALAR SUBQUERY 1",
            "SEARCH newest USING COVERING INDEX attempts_learner_key (learner=? AND key=?)",
        ]
    else:
        plan = "\n".join(row[0] for row in run_sql(location, f"EXPLAIN {plan_of(POSTGRES)}"))
        per_exercise = plan.split("SubPlan", 1)[1]
        assert re.search(
            r"Limit\s.*\n.*Index (Only )?Scan Backward using attempts_learner_key", per_exercise
        ), plan
        assert "Sort" not in per_exercise and "Seq Scan" not in per_exercise, plan


def plan_of(dialect: Any) -> str:
    return str(dialect.sql(LATEST_OUTCOMES)).replace(dialect.placeholder, "'ana'")


def test_events_and_hints_revealed(store: ProgressStore) -> None:
    key = "polars-basics/select"
    recorded = [
        Event("ana", key, at(3), "hint", 1),
        Event("ana", key, at(1), "start"),
        Event("ana", key, at(2), "hint", 0),
        Event("ana", key, at(4), "hint", 1),
        Event("ana", key, at(5), "reveal", 7),
        Event("ana", "other/exercise", at(6), "hint", 2),
        Event("bo", key, at(7), "hint", 3),
    ]
    for event in recorded:
        store.record_event(event)
    assert store.events("ana", key) == [recorded[i] for i in (1, 2, 0, 3, 4)]
    assert store.events("ana", kind="hint") == [recorded[i] for i in (2, 0, 3, 5)]
    assert store.events("ana", key, "reveal") == [recorded[4]]
    assert store.hints_revealed("ana", key) == 2
    assert store.hints_revealed("ana", "other/exercise") == 1
    assert store.hints_revealed("nobody", key) == 0


def test_event_kind_must_be_known() -> None:
    with pytest.raises(ValueError, match="event kind"):
        Event("ana", "m/e", T0, "hints")
    assert Event("ana", "m/e", T0, "read").kind == "read"


def test_the_run_time_values_are_the_types_values() -> None:
    assert OUTCOMES == get_args(Outcome) == ("passed", "failed", "skipped")
    assert ATTEMPT_KINDS == get_args(AttemptKind) == ("new", "review")
    assert get_args(EventKind) == EVENT_KINDS and "read" in EVENT_KINDS


def test_recording_an_attempt_is_one_short_transaction(location: Location) -> None:
    # However long the log already is, a record is the same few steps (and the file's commit
    # waits for no disk sync: see the test of opening in test_store_sqlite.py).
    with open_store(location) as store:
        store.record_many(attempt() for _ in range(300))
    if isinstance(location, Path):
        with sqlite_statements() as statements, open_store(location) as store:
            del statements[:]  # what opening runs is tested on its own
            store.record(attempt())
        assert [statement.split(" (")[0] for statement in statements] == [
            "BEGIN IMMEDIATE",
            "INSERT INTO attempts",
            "COMMIT",
        ]
        return
    from helpers.pg_trace import round_trips

    with round_trips() as opening:
        open_store(location).close()
    with round_trips() as recording, open_store(location) as store:
        store.record(attempt())
    # Begin, lock the learner, insert, commit.
    assert recording.round_trips - opening.round_trips == 4, recording.queries


# --- several processes, and a killed one -----------------------------------------------------


Spawn = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture
def spawn(location: Location) -> Iterator[Spawn]:
    """Start tests/helpers/store_child.py on the test database; stopped and reaped at teardown."""
    started: list[subprocess.Popen[str]] = []
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))

    def start(*args: str) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(location), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        started.append(child)
        return child

    yield start
    for child in started:
        if child.poll() is None:
            child.kill()
        with child:  # closes the pipes and waits
            pass


@pytest.mark.slow
@pytest.mark.parametrize(("processes", "count"), [(2, 1000), (8, 25)])
def test_processes_recording_at_once_lose_nothing(
    location: Location, spawn: Spawn, processes: int, count: int
) -> None:
    # The database is new: the children also race to create and migrate it.
    children = [
        spawn("--learner", f"p{n}", "--count", str(count), "--wait") for n in range(processes)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    printed = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        printed += out.split()
    assert len(printed) == processes * count
    with open_store(location) as store:
        stored = [a.id for n in range(processes) for a in store.attempts(f"p{n}")]
    assert sorted(stored) == sorted(printed)
    assert [row[0] for row in ledger(location)] == list(range(1, len(MIGRATIONS) + 1))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_loses_nothing_it_acknowledged(location: Location, spawn: Spawn) -> None:
    acknowledged: list[str] = []
    for _ in range(3):  # each kill lands at a different point of a write, and is recovered from
        child = spawn()
        assert child.stdout is not None
        for _ in range(200):
            line = child.stdout.readline()
            assert line.endswith("\n"), "the child died before printing 200 ids"
            acknowledged.append(line)
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=10)
        assert child.returncode == -signal.SIGKILL
        # Lines still in the pipe were acknowledged too; a torn last line was not.
        acknowledged += [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    with open_store(location) as store:
        stored = {a.id for a in store.attempts("child")}
    if isinstance(location, Path):
        assert run_sql(location, "PRAGMA integrity_check") == [("ok",)]
    assert {line.strip() for line in acknowledged} <= stored


@contextmanager
def locked(location: Location) -> Iterator[None]:
    """Another process holding the attempts table in a long transaction."""
    if isinstance(location, Path):
        holder = sqlite3.connect(location, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    import psycopg

    with psycopg.connect(location) as server_holder:  # not autocommit: a transaction starts
        server_holder.execute("LOCK TABLE attempts IN EXCLUSIVE MODE")
        yield
        server_holder.rollback()


def test_a_locked_database_gives_a_store_error_after_the_timeout(location: Location) -> None:
    open_store(location).close()
    with (
        locked(location),
        open_store(location, timeout=0.05) as store,
        pytest.raises(StoreError) as caught,
    ):
        store.record(attempt())
    assert "another process" in caught.value.message and "\n" not in caught.value.message
    if isinstance(location, Path):
        assert str(location) in caught.value.message
    with open_store(location) as store:
        assert store.attempts("ana") == []


# --- reading the log incrementally ----------------------------------------------------------


def test_attempts_after_returns_each_attempt_once_in_recording_order(store: ProgressStore) -> None:
    assert store.attempts_after("ana", 0) == ([], 0)
    first = attempt(finished=at(5))
    store.record(first)
    store.record(attempt(learner="bo"))
    found, position = store.attempts_after("ana", 0)
    assert found == [first] and position > 0
    assert store.attempts_after("ana", position) == ([], position)
    # Recorded later but finished earlier (an import): still new to a reader at `position`.
    late = attempt(finished=at(-60))
    store.record(late)
    found, after = store.attempts_after("ana", position)
    assert found == [late] and after > position
    store.record(late)  # the same id again adds nothing
    assert store.attempts_after("ana", after) == ([], after)


def test_identity_is_stable_per_database_and_new_for_a_new_one(
    location: Location, tmp_path: Path
) -> None:
    with open_store(location) as one:
        identity = one.identity
    with open_store(location) as again:
        assert again.identity == identity
    if isinstance(location, Path):
        fresh: Location = tmp_path / "other.sqlite3"
    else:  # the same database emptied: a new store in it
        run_sql(location, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        fresh = location
    with open_store(fresh) as other:
        assert other.identity != identity and len(other.identity) == 32
        assert all(c in "0123456789abcdef" for c in other.identity)


# --- merging another log, and the team view --------------------------------------------------


def test_merge_adds_only_what_is_new_in_one_transaction(store: ProgressStore) -> None:
    key = "polars-basics/select"
    mine = [attempt(finished=at(10)), attempt(finished=at(20))]
    hint = Event("ana", key, at(5), "hint", 1)
    store.record(mine[0])
    store.record_event(hint)
    imported = [*mine, attempt(finished=at(15))]
    events = [hint, Event("ana", key, at(6), "hint", 2), Event("ana", key, at(6), "hint", 2)]
    assert store.merge(imported, events) == (2, 1)
    assert store.merge(imported, events) == (0, 0)
    assert [a.finished for a in store.attempts("ana")] == [at(10), at(15), at(20)]
    assert store.events("ana") == events[:2]
    assert store.hints_revealed("ana", key) == 2


def test_a_failing_merge_adds_nothing(store: ProgressStore, location: Location) -> None:
    # The database refuses the third attempt: the two before it must not stay behind.
    if isinstance(location, Path):
        run_sql(
            location,
            "CREATE TRIGGER boom BEFORE INSERT ON attempts WHEN NEW.detail = 'boom'"
            " BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
    else:
        run_sql(
            location,
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF NEW.detail = 'boom' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;"
            " CREATE TRIGGER boom BEFORE INSERT ON attempts FOR EACH ROW EXECUTE FUNCTION boom()",
        )
    batch = [attempt(), attempt(), attempt(detail="boom")]
    with pytest.raises(StoreError, match="refused") as caught:
        store.merge(batch, [Event("ana", "m/e", T0, "hint", 1)])
    assert "\n" not in caught.value.message
    assert store.attempts("ana") == [] and store.events("ana") == []
    assert store.merge(batch[:2], []) == (2, 0)


def test_learners_is_everyone_sorted(store: ProgressStore) -> None:
    assert store.learners() == []
    store.record(attempt(learner="zoe"))
    store.record(attempt(learner="ana"))
    store.record_event(Event("Bo", "m/e", T0, "start"))
    assert store.learners() == ["Bo", "ana", "zoe"]


def test_hints_revealed_since_a_moment(store: ProgressStore) -> None:
    key = "polars-basics/select"
    for minutes, value in [(1, 1), (2, 2), (10, 1)]:
        store.record_event(Event("ana", key, at(minutes), "hint", value))
    assert store.hints_revealed("ana", key) == 2
    assert store.hints_revealed("ana", key, since=at(5)) == 1
    assert store.hints_revealed("ana", key, since=at(10)) == 0


# --- renaming a learner ----------------------------------------------------------------------


def test_rename_learner_moves_every_row_and_merges_with_the_new_names(
    store: ProgressStore,
) -> None:
    key = "polars-basics/select"
    anas = [attempt(finished=at(10)), attempt(finished=at(30), revealed=True)]
    bos = [attempt(learner="bo", finished=at(20), kind="review")]
    store.record_many([*anas, *bos, attempt(learner="zoe")])
    store.record_event(Event("ana", key, at(5), "hint", 1))
    store.record_event(Event("ana", key, at(6), "reveal"))
    store.record_event(Event("bo", key, at(7), "read"))
    identity = store.identity
    assert store.rename_learner("ana", "bo") == (2, 2)
    assert store.attempts("ana") == [] and store.events("ana") == []
    assert store.attempts("bo") == [
        anas[0]._replace(learner="bo"),
        *bos,
        anas[1]._replace(learner="bo"),
    ]
    assert [(e.at, e.kind) for e in store.events("bo")] == [
        (at(5), "hint"),
        (at(6), "reveal"),
        (at(7), "read"),
    ]
    assert store.hints_revealed("bo", key) == 1
    assert store.learners() == ["bo", "zoe"]
    # What was derived from the log (a cache of bo's at a later position) must be made again.
    assert store.identity != identity
    # Nothing to move changes nothing.
    identity = store.identity
    assert store.rename_learner("ana", "cy") == (0, 0)
    assert store.rename_learner("bo", "bo") == (0, 0)
    assert store.identity == identity
    with pytest.raises(ValueError, match="empty"):
        store.rename_learner("bo", "")


def test_a_renamed_learner_is_read_afresh_by_a_new_store(location: Location) -> None:
    with open_store(location) as store:
        store.record(attempt(learner="ana"))
        store.record(attempt(learner="bo"))
        identity = store.identity
        store.rename_learner("ana", "bo")
    with open_store(location) as store:
        assert store.identity != identity
        found, _ = store.attempts_after("bo", 0)
        assert len(found) == 2 and {a.learner for a in found} == {"bo"}


def test_a_rename_that_fails_half_way_moves_nothing(
    store: ProgressStore, location: Location
) -> None:
    # The attempts move first; the database then refuses to move the events: all or nothing.
    if isinstance(location, Path):
        run_sql(
            location,
            "CREATE TRIGGER boom BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
    else:
        run_sql(
            location,
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " RAISE EXCEPTION 'refused'; END $$;"
            " CREATE TRIGGER boom BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION boom()",
        )
    recorded = attempt()
    store.record(recorded)
    store.record_event(Event("ana", "m/e", T0, "hint", 1))
    identity = store.identity
    with pytest.raises(StoreError, match="refused") as caught:
        store.rename_learner("ana", "bo")
    assert "cannot rename a learner in" in caught.value.message
    assert store.attempts("ana") == [recorded] and len(store.events("ana")) == 1
    assert store.attempts("bo") == [] and store.identity == identity


def test_a_rename_while_another_process_holds_the_database_moves_nothing(
    location: Location,
) -> None:
    with open_store(location) as store:
        store.record(attempt())
        store.record_event(Event("ana", "m/e", T0, "hint", 1))
    with (
        locked(location),
        open_store(location, timeout=0.05) as store,
        pytest.raises(StoreError, match="another process"),
    ):
        store.rename_learner("ana", "bo")
    with open_store(location) as store:
        assert len(store.attempts("ana")) == 1 and len(store.events("ana")) == 1
        assert store.learners() == ["ana"]
        # Once the database is free the same rename goes through.
        assert store.rename_learner("ana", "bo") == (1, 1)
