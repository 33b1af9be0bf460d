"""The progress store in one SQLite file: safe for several tutor processes at once."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tutor.base.errors import StoreError
from tutor.store.migrations import HEADER_SQL, MIGRATIONS, check_header, immediate, migrate
from tutor.store.sql import ATTEMPT_COLUMNS, SQLITE, SQLStore, Writer

T = TypeVar("T")

BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's transaction to finish
SQLITE_MAGIC = b"SQLite format 3\x00"
OTHER_FILE = "choose another file with --db or TUTOR_DB"
MOVE_ASIDE = f"move that file away to start afresh, or {OTHER_FILE}"


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


class _SQLiteWriter:
    again = False  # a transaction on a file either commits or tells why it did not

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any]) -> int:
        return self._conn.execute(sql, params).rowcount

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        before = self._conn.total_changes
        self._conn.executemany(sql, rows)
        return self._conn.total_changes - before


class SQLiteStore(SQLStore):
    """A ProgressStore over one SQLite file in WAL mode; open it with `open_sqlite`."""

    dialect = SQLITE

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        super().__init__(path)
        self._conn = conn

    def _rows_after(self, learner: str, position: int) -> tuple[list[Any], int]:
        # One read transaction, so the position returned is exactly what the rows cover. Writers
        # take turns (BEGIN IMMEDIATE), so rowids are committed in order. The unary + keeps
        # SQLite on the rowid range instead of scanning the learner's index.
        self._conn.execute("BEGIN")
        try:
            rows = self._query(
                f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE rowid > ? AND +learner = ?"
                " ORDER BY rowid",
                (position, learner),
            )
            (now,) = self._query("SELECT COALESCE(MAX(rowid), 0) FROM attempts", ())[0]
        except BaseException:
            # The read's own error says what went wrong (a damaged file, say), not the end of
            # its transaction, which a damaged file fails as well.
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc, "read") from exc
        return rows, int(now)

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.ProgrammingError):
                raise  # our bug, or a closed store: not the user's to fix
            raise store_error(self.path, exc, "read") from exc

    def _write(self, action: str, learners: Collection[str], body: Callable[[Writer], T]) -> T:
        """`body` in one write transaction; its COMMIT returning is the durability point."""
        try:
            with immediate(self._conn):
                return body(_SQLiteWriter(self._conn))
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
