"""Tests for the progress store: schema, round trips, queries, concurrency, crashes, bad files."""

from __future__ import annotations

import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tutor.errors import StoreError
from tutor.store import (
    DB_ENV,
    MIGRATIONS,
    Attempt,
    Event,
    ProgressStore,
    default_db_path,
    new_attempt,
    open_store,
)
from tutor.store import sqlite as sqlite_module
from tutor.store.migrations import APPLICATION_ID, migrate

REPO = Path(__file__).resolve().parents[1]
CHILD = REPO / "tests" / "helpers" / "store_child.py"
T0 = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def attempt(**fields: Any) -> Attempt:
    values: dict[str, Any] = {
        "learner": "ana",
        "key": "polars-basics/select",
        "started": at(0),
        "finished": at(1),
        "outcome": "passed",
        "score": 1.0,
        "hints_used": 0,
        "seconds": 60.0,
    }
    values.update(fields)
    return new_attempt(**values)


@contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection, to arrange or inspect what the store alone would never write."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def pragma(path: Path, name: str) -> Any:
    with raw(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    # A folder that does not exist yet: opening must create it.
    return tmp_path / "data" / "progress.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[ProgressStore]:
    with open_store(db_path) as opened:
        yield opened


# --- schema and migrations ---------------------------------------------------------------


def test_fresh_database_is_created_at_the_latest_version(db_path: Path) -> None:
    open_store(db_path).close()
    assert pragma(db_path, "user_version") == len(MIGRATIONS)
    assert pragma(db_path, "application_id") == APPLICATION_ID
    assert pragma(db_path, "journal_mode") == "wal"
    with raw(db_path) as conn:
        ledger = conn.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert ledger == [(number, m.name) for number, m in enumerate(MIGRATIONS, start=1)]


def test_migrations_are_named_and_apply_once(tmp_path: Path) -> None:
    names = [m.name for m in MIGRATIONS]
    assert all(names) and len(set(names)) == len(names)
    assert all(m.statements for m in MIGRATIONS)
    with raw(tmp_path / "db") as conn:
        assert migrate(conn, "db") == len(MIGRATIONS)
        assert migrate(conn, "db") == 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
def test_older_database_is_migrated_forward_keeping_its_rows(db_path: Path, version: int) -> None:
    db_path.parent.mkdir()
    with raw(db_path) as conn:
        migrate(conn, str(db_path), MIGRATIONS[:version])
        conn.execute(
            "INSERT INTO attempts VALUES ('old', 'ana', 'm/e', 0, 1000000, 'failed', 0.5, 1, 1.0,"
            " 'new', 'timed out after 20 s')"
        )
    with open_store(db_path) as store:
        assert [a.id for a in store.attempts("ana")] == ["old"]
        assert store.attempts("ana")[0].finished == datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)
    assert pragma(db_path, "user_version") == len(MIGRATIONS)


def test_opening_an_up_to_date_database_runs_no_migration_and_writes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(db_path).close()
    before = db_path.read_bytes()

    def no_migration(*args: object) -> int:
        raise AssertionError("migrate() ran on an up-to-date database")

    monkeypatch.setattr(sqlite_module, "migrate", no_migration)
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        open_store(db_path).close()
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.01
    assert db_path.read_bytes() == before


def test_database_from_a_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    open_store(db_path).close()
    with raw(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    before = snapshot(db_path.parent)
    with pytest.raises(StoreError, match="newer version of ml-daily-tutor") as caught:
        open_store(db_path)
    assert str(db_path) in caught.value.message and "upgrade" in caught.value.hint
    assert snapshot(db_path.parent) == before


@pytest.mark.parametrize(
    "setup",
    ["PRAGMA application_id = 42", "CREATE TABLE notes (body TEXT)"],
    ids=["other-application-id", "other-tables"],
)
def test_another_programs_sqlite_file_is_refused(db_path: Path, setup: str) -> None:
    db_path.parent.mkdir()
    with raw(db_path) as conn:
        conn.execute(setup)
    before = snapshot(db_path.parent)
    with pytest.raises(StoreError, match="not a progress database"):
        open_store(db_path)
    assert snapshot(db_path.parent) == before


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
    )
    store.record(sent)
    (got,) = store.attempts("ana")
    assert got == sent
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


def test_attempts_table_is_append_only(store: ProgressStore, db_path: Path) -> None:
    store.record(attempt())
    with raw(db_path) as conn:
        for statement in ("UPDATE attempts SET outcome = 'passed'", "DELETE FROM attempts"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"finished": datetime(2025, 3, 10, 9, 30)}, "timezone-aware"),
        ({"outcome": "won"}, "outcome"),
        ({"score": 1.5}, "score"),
        ({"hints_used": -1}, "negative"),
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


def test_latest_outcomes_stays_fast_with_100k_attempts(store: ProgressStore, db_path: Path) -> None:
    # Key i % 1500 always gets outcome i % 4, so every key's answer is known in advance.
    with raw(db_path) as conn:
        conn.execute(
            """WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
            INSERT INTO attempts SELECT printf('%032x', i), 'ana', 'm' || (i % 1500) || '/e',
                i, i, CASE i % 4 WHEN 0 THEN 'passed' WHEN 1 THEN 'skipped' ELSE 'failed' END,
                0.5, 0, 1.0, 'new', '' FROM n"""
        )
    start = time.perf_counter()
    outcomes = store.latest_outcomes("ana")
    elapsed = time.perf_counter() - start
    assert len(outcomes) == 1500
    assert outcomes["m0/e"] == "passed" and outcomes["m1/e"] == "skipped"
    assert list(outcomes.values()).count("failed") == 750
    assert elapsed < 0.3


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


def test_recording_an_attempt_is_fast(store: ProgressStore) -> None:
    timings = []
    for _ in range(200):
        each = attempt()
        start = time.perf_counter()
        store.record(each)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005


def test_in_memory_store_for_quick_use() -> None:
    with open_store(":memory:") as store:
        store.record(attempt())
        assert store.latest_outcomes("ana") == {"polars-basics/select": "passed"}


# --- several processes, and a killed one -----------------------------------------------------


Spawn = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture
def spawn(db_path: Path) -> Iterator[Spawn]:
    """Start tests/helpers/store_child.py on the test database; stopped and reaped at teardown."""
    started: list[subprocess.Popen[str]] = []
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))

    def start(*args: str) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), *args],
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
    db_path: Path, spawn: Spawn, processes: int, count: int
) -> None:
    # The file does not exist yet: the children also race to create and migrate it.
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
    with open_store(db_path) as store:
        stored = [a.id for n in range(processes) for a in store.attempts(f"p{n}")]
    assert sorted(stored) == sorted(printed)
    with raw(db_path) as conn:
        ledger = conn.execute("SELECT version FROM schema_migrations").fetchall()
    assert ledger == [(n,) for n in range(1, len(MIGRATIONS) + 1)]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_loses_nothing_it_acknowledged(db_path: Path, spawn: Spawn) -> None:
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
    with open_store(db_path) as store:
        stored = {a.id for a in store.attempts("child")}
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert {line.strip() for line in acknowledged} <= stored


def test_a_locked_database_gives_a_store_error_after_the_timeout(db_path: Path) -> None:
    open_store(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with open_store(db_path, timeout=0.05) as store, pytest.raises(StoreError) as caught:
            store.record(attempt())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(db_path) in caught.value.message and "another process" in caught.value.message
    with open_store(db_path) as store:
        assert store.attempts("ana") == []


# --- files that are not a usable progress database -------------------------------------------


def _good_database(path: Path) -> bytes:
    with open_store(path) as store:
        store.record_many(attempt(detail="x" * 200) for _ in range(200))
    return path.read_bytes()


@pytest.mark.parametrize(
    "damage",
    ["random-bytes", "text", "empty-header", "truncated", "damaged-pages", "short"],
)
def test_unusable_file_gives_a_one_line_store_error_and_is_left_untouched(
    tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.sqlite3"
    good = _good_database(tmp_path / "good.sqlite3")
    content = {
        "random-bytes": os.urandom(8192),
        "text": b"learner: ana\nstreak: 12\n" * 100,
        "empty-header": sqlite_module.SQLITE_MAGIC + bytes(1000),
        "truncated": good[:1500],
        "damaged-pages": good[:4096] + os.urandom(len(good) - 4096),
        "short": b"SQL",
    }[damage]
    path.write_bytes(content)
    # A damaged page may only show when it is read, so reading is part of opening here.
    with pytest.raises(StoreError) as caught, open_store(path) as store:
        store.attempts("ana")
    assert str(path) in caught.value.message and "\n" not in caught.value.message
    assert caught.value.hint
    assert snapshot(folder) == {"progress.sqlite3": content}


def test_folder_at_the_database_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_parent_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("hello")
    with pytest.raises(StoreError, match=f"{blocker} is a file, not a folder"):
        open_store(blocker / "data" / "progress.sqlite3")
    assert blocker.read_text() == "hello"


def test_unreadable_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    before = _good_database(db_path)
    if os.name == "posix" and os.geteuid() != 0:
        db_path.chmod(0)
        request.addfinalizer(lambda: db_path.chmod(0o644))
    else:
        # Root reads any file (and the tests run as root in CI), so deny where the store reads.
        real_open = Path.open

        def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == db_path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(StoreError, match=r"cannot read .*Permission denied"):
        open_store(db_path)
    monkeypatch.undo()
    assert snapshot(db_path.parent) == {db_path.name: before}


def test_server_urls_are_not_supported_yet() -> None:
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://tutor@db.example.com/progress")


# --- where the store lives, and what it imports -------------------------------------------------


def test_default_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, "~/elsewhere/mine.sqlite3")
    assert default_db_path() == Path.home() / "elsewhere" / "mine.sqlite3"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_default_path_is_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    import platformdirs

    if value is None:
        monkeypatch.delenv(DB_ENV, raising=False)
    else:
        monkeypatch.setenv(DB_ENV, value)
    expected = platformdirs.user_data_path("ml-daily-tutor", appauthor=False) / "progress.sqlite3"
    assert default_db_path() == expected


def test_the_store_imports_nothing_heavy() -> None:
    code = (
        "import sys, tutor.store; "
        "print(sorted({'typer', 'rich', 'mkdocs', 'platformdirs', 'uuid'} & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"


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


def test_identity_is_stable_per_database_and_new_for_a_new_file(
    db_path: Path, tmp_path: Path
) -> None:
    with open_store(db_path) as one:
        identity = one.identity
    with open_store(db_path) as again:
        assert again.identity == identity
    with open_store(tmp_path / "other.sqlite3") as other:
        assert other.identity != identity and len(other.identity) == 32
