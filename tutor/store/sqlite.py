"""The progress store in one SQLite file: safe for several tutor processes at once."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from tutor.errors import StoreError
from tutor.store.migrations import HEADER_SQL, MIGRATIONS, check_header, migrate
from tutor.store.model import Attempt, Event

BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's transaction to finish
SQLITE_MAGIC = b"SQLite format 3\x00"
OTHER_FILE = "choose another file with --db or TUTOR_DB"
MOVE_ASIDE = f"move that file away to start afresh, or {OTHER_FILE}"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

_ATTEMPT_COLUMNS = (
    "id, learner, key, started_us, finished_us, outcome, score, hints_used, seconds, kind, detail"
)
_INSERT_ATTEMPT = (
    f"INSERT INTO attempts ({_ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO NOTHING"
)
# One pass over the covering (learner, key, finished_us, outcome) index plus one index probe per
# exercise: about 25 ms for 100k attempts. (Window functions took ten times as long.)
# Two attempts at one exercise finishing in the same microsecond are ordered arbitrarily.
_LATEST_OUTCOMES = """
SELECT key, CASE WHEN MAX(outcome = 'passed') THEN 'passed' ELSE (
    SELECT newest.outcome FROM attempts AS newest
    WHERE newest.learner = a.learner AND newest.key = a.key
    ORDER BY newest.finished_us DESC LIMIT 1
) END
FROM attempts AS a WHERE learner = ? GROUP BY key
"""


def _to_us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _from_us(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _attempt_row(attempt: Attempt) -> tuple[Any, ...]:
    return (
        attempt.id,
        attempt.learner,
        attempt.key,
        _to_us(attempt.started),
        _to_us(attempt.finished),
        attempt.outcome,
        attempt.score,
        attempt.hints_used,
        attempt.seconds,
        attempt.kind,
        attempt.detail,
    )


def _where(**columns: str | None) -> tuple[str, tuple[str, ...]]:
    # Column names come from this module only; values always travel as parameters.
    given = {name: value for name, value in columns.items() if value is not None}
    return " AND ".join(f"{name} = ?" for name in given), tuple(given.values())


def store_error(path: str, exc: sqlite3.Error, action: str) -> StoreError:
    """Turn an SQLite failure into a one-line message naming the file, and what to do."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(
            f"cannot {action} {path}: another process kept it locked ({exc})",
            hint="close other tutor sessions using this database, then try again",
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(
            f"cannot {action} {path}: the database is damaged ({exc})",
            hint=f"keep a copy (`sqlite3 {path} .recover` may rescue its rows), then {MOVE_ASIDE}",
        )
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"cannot {action} {path}: the disk is full", "free some disk space")
    return StoreError(
        f"cannot {action} {path}: {exc}",
        hint="check that the file and its folder are readable and writable, " + MOVE_ASIDE,
    )


def _check_file(path: Path) -> None:
    """Vet the file before SQLite opens it, so a stranger's file gets no -wal or -shm beside it."""
    try:
        with path.open("rb") as file:
            magic = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        _make_folder(path.parent)
        return
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a progress database", MOVE_ASIDE) from None
    except NotADirectoryError:
        raise _folder_error(path.parent) from None
    except OSError as exc:
        raise StoreError(
            f"cannot read {path}: {exc.strerror}",
            hint=f"give yourself read and write access to it, or {OTHER_FILE}",
        ) from None
    # An empty file is what SQLite itself leaves before the first write: a new database.
    if magic and magic != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a progress database (not an SQLite file)", MOVE_ASIDE)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _folder_error(folder) from None
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder {folder} for the progress database: {exc.strerror}",
            hint=f"check its parent folder's permissions, or {OTHER_FILE}",
        ) from None


def _folder_error(folder: Path) -> StoreError:
    blocker = next((p for p in (folder, *folder.parents) if p.is_file()), folder)
    return StoreError(
        f"cannot create the progress database in {folder}: {blocker} is a file, not a folder",
        hint=OTHER_FILE,
    )


class SQLiteStore:
    """A ProgressStore over one SQLite file in WAL mode; open it with `open_sqlite`."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._identity: str | None = None

    def record(self, attempt: Attempt) -> None:
        self.record_many((attempt,))

    def record_many(self, attempts: Iterable[Attempt]) -> int:
        with self._transaction("record an attempt in") as conn:
            before = conn.total_changes
            conn.executemany(_INSERT_ATTEMPT, map(_attempt_row, attempts))
            return conn.total_changes - before

    def record_event(self, event: Event) -> None:
        with self._transaction("record an event in") as conn:
            conn.execute(
                "INSERT INTO events (learner, key, at_us, kind, value) VALUES (?, ?, ?, ?, ?)",
                (event.learner, event.key, _to_us(event.at), event.kind, event.value),
            )

    def attempts(self, learner: str, key: str | None = None) -> list[Attempt]:
        where, params = _where(learner=learner, key=key)
        # rowid breaks ties between equal timestamps in the order the attempts were recorded.
        rows = self._query(
            f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE {where} ORDER BY finished_us, rowid",
            params,
        )
        return [
            Attempt(id_, who, what, _from_us(started), _from_us(finished), *rest)
            for id_, who, what, started, finished, *rest in rows
        ]

    def attempts_after(self, learner: str, position: int) -> tuple[list[Attempt], int]:
        # One read transaction, so the position returned is exactly what the rows cover. The
        # unary + keeps SQLite on the rowid range instead of scanning the learner's index.
        self._conn.execute("BEGIN")
        try:
            rows = self._query(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE rowid > ? AND +learner = ?"
                " ORDER BY rowid",
                (position, learner),
            )
            (now,) = self._query("SELECT COALESCE(MAX(rowid), 0) FROM attempts", ())[0]
        finally:
            self._conn.execute("COMMIT")
        attempts = [
            Attempt(id_, who, what, _from_us(started), _from_us(finished), *rest)
            for id_, who, what, started, finished, *rest in rows
        ]
        return attempts, int(now)

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = str(
                self._query("SELECT value FROM store_info WHERE name = 'id'", ())[0][0]
            )
        return self._identity

    def events(self, learner: str, key: str | None = None, kind: str | None = None) -> list[Event]:
        where, params = _where(learner=learner, key=key, kind=kind)
        rows = self._query(
            f"SELECT learner, key, at_us, kind, value FROM events WHERE {where}"
            " ORDER BY at_us, seq",
            params,
        )
        return [Event(who, what, _from_us(at), how, value) for who, what, at, how, value in rows]

    def latest_outcomes(self, learner: str) -> dict[str, str]:
        return dict(self._query(_LATEST_OUTCOMES, (learner,)))

    def hints_revealed(self, learner: str, key: str, since: datetime | None = None) -> int:
        after = _to_us(since) if since is not None else -1
        rows = self._query(
            "SELECT COUNT(DISTINCT value) FROM events"
            " WHERE learner = ? AND key = ? AND kind = 'hint' AND at_us > ?",
            (learner, key, after),
        )
        return int(rows[0][0])

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.ProgrammingError):
                raise  # our bug, or a closed store: not the user's to fix
            raise store_error(self.path, exc, "read") from exc

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """One write transaction; its COMMIT returning is the durability point."""
        conn = self._conn
        try:
            # IMMEDIATE takes the write lock up front, waiting out other writers with the busy
            # timeout, instead of failing later when a read lock cannot be upgraded.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.ProgrammingError):
                raise
            raise store_error(self.path, exc, action) from exc


def _use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL: readers then run beside a writer, and a commit is one append.

    WAL is a property of the file, so this runs only after creating or migrating it. The
    switch needs every other connection out of the file, and SQLite reports "locked" at once
    instead of waiting when another process is mid-transaction (as when several open a fresh
    file together), so it is retried here until the busy timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def open_sqlite(location: str | Path, *, timeout: float = BUSY_TIMEOUT) -> SQLiteStore:
    """Open (creating the file and its folders if needed) and migrate a SQLite progress store."""
    path = Path(location).expanduser()
    name = str(path)
    if name != ":memory:":
        _check_file(path)
    try:
        # isolation_level=None: the module starts no hidden transactions; each one here is explicit.
        conn = sqlite3.connect(name, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise store_error(name, exc, "open") from exc
    try:
        version, application_id = conn.execute(HEADER_SQL).fetchone()
        check_header(name, version, application_id, len(MIGRATIONS))
        if version < len(MIGRATIONS):
            migrate(conn, name)
            _use_wal(conn, timeout)
        # In WAL mode, NORMAL syncs the log to disk at checkpoints, not at every commit. A
        # committed transaction is in the OS's page cache by the time COMMIT returns, so a
        # killed process (even SIGKILL mid-write) loses nothing it acknowledged; only a power
        # cut or kernel crash can lose the last few commits, and never corrupts the file.
        # FULL would add an fsync per attempt for that case, which a learning log doesn't need.
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(name, exc, "open") from exc
    except BaseException:
        conn.close()
        raise
    return SQLiteStore(conn, name)
