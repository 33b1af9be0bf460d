"""The local outbox: attempts and events recorded while the progress server was away, kept in a
small SQLite file until they are sent.

One file per server, in the user's data folder (`outbox/` beside the progress database, or
$TUTOR_OUTBOX_DIR), named after the server's URL without its password (user, host, port and
database, and a checksum of them): every tutor process of the user on this machine shares it.
Entries are kept in the order they were recorded (an AUTOINCREMENT sequence never reuses a
number) and taken in that order.

Sending is not done under a lock held across the network: a sender reads the entries, sends them
in one server transaction, then deletes those it read. Two processes sending at once, or a
process killed between the server's commit and the delete, send an entry twice, and the server
keeps it once: an attempt's id is its identity, and an event equal in every field to a recorded
one is the same event (as in `tutor import`).

The file is created by the first entry; until then asking what waits costs one stat.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from tutor.base.days import from_us
from tutor.base.errors import StoreError
from tutor.store.migrations import immediate
from tutor.store.model import Attempt, Event, Pending
from tutor.store.sql import attempt_row, attempts_of, event_row
from tutor.store.sqlite import BUSY_TIMEOUT, store_error

OUTBOX_ENV = "TUTOR_OUTBOX_DIR"
_VERSION = 1
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS waiting (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL CHECK (type IN ('attempt', 'event')),
        row TEXT NOT NULL
    )""",
    # For whoever finds the file: which server its entries are for.
    "CREATE TABLE IF NOT EXISTS about (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def outbox_folder() -> Path:
    """$TUTOR_OUTBOX_DIR, else `outbox` in the user's data folder."""
    override = os.environ.get(OUTBOX_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from tutor.base.userdirs import user_dir

    return user_dir("data") / "outbox"


def outbox_path(server: str, folder: Path | None = None) -> Path:
    """The outbox of a server, named by its URL as shown (`postgresql://user@host:port/db`).

    Readable, for whoever looks in the folder; the checksum keeps two servers whose names
    differ only in characters a file name cannot hold apart. (zlib, not hashlib: hashlib loads
    OpenSSL, milliseconds of every start.)
    """
    where = server.partition("://")[2] or server
    readable = re.sub(r"[^A-Za-z0-9.@-]+", "_", where)[:80]
    return (folder or outbox_folder()) / f"{readable}-{zlib.crc32(server.encode()):08x}.sqlite3"


class Batch(NamedTuple):
    """What waited when it was read, each kind in the order it was recorded."""

    attempts: list[Attempt]
    events: list[Event]
    last: int  # the sequence number of the last entry read; 0 when nothing waits


class Outbox:
    """The outbox file of one server; opened on first use, created by the first entry."""

    def __init__(self, path: Path, server: str, *, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = path
        self._server = server
        self._timeout = timeout
        self._conn: sqlite3.Connection | None = None

    def add(self, record: Attempt | Event) -> None:
        """Keep one attempt or event until it is sent; durable when this returns."""
        if isinstance(record, Attempt):
            entry, row = "attempt", attempt_row(record)
        else:
            entry, row = "event", event_row(record)
        conn = self._open(create=True)
        assert conn is not None
        try:
            conn.execute(
                "INSERT INTO waiting (type, row) VALUES (?, ?)",
                (entry, json.dumps(row, ensure_ascii=False)),
            )
        except sqlite3.Error as exc:
            raise self._error(exc, "keep an entry in") from None

    def any(self) -> bool:
        """Whether anything waits: a stat while the file does not exist, then one cheap read."""
        rows = self._read("SELECT EXISTS (SELECT 1 FROM waiting)")
        return bool(rows and rows[0][0])

    def pending(self) -> Pending:
        counts = dict(self._read("SELECT type, count(*) FROM waiting GROUP BY type"))
        return Pending(counts.get("attempt", 0), counts.get("event", 0))

    def take(self) -> Batch:
        """Everything that waits, oldest first; `done(batch.last)` once the server has it."""
        rows = self._read("SELECT seq, type, row FROM waiting ORDER BY seq")
        attempts: list[Attempt] = []
        events: list[Event] = []
        try:
            for _, entry, text in rows:
                values = json.loads(text)
                if entry == "attempt":
                    attempts += attempts_of([values])
                else:
                    learner, key, at_us, kind, value = values
                    events.append(Event(learner, key, from_us(at_us), kind, value))
        except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
            raise StoreError(
                f"the outbox {self.path} is damaged ({exc})",
                hint="move it away (what it holds was never sent), then run again",
            ) from None
        return Batch(attempts, events, int(rows[-1][0]) if rows else 0)

    def done(self, last: int) -> None:
        """Forget the entries up to `last`, which the server has committed. Entries added since
        the batch was read have higher numbers and stay."""
        conn = self._open(create=False)
        if conn is None or not last:
            return
        try:
            conn.execute("DELETE FROM waiting WHERE seq <= ?", (last,))
        except sqlite3.Error as exc:
            raise self._error(exc, "update") from None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _read(self, sql: str) -> list[Any]:
        """The rows of a query; none while the file does not exist."""
        conn = self._open(create=False)
        if conn is None:
            return []
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc, "read") from None

    def _open(self, *, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not create and not self.path.exists():
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder {self.path.parent} for the outbox: {exc.strerror}",
                hint=f"check its parent folder's permissions, or set {OUTBOX_ENV}",
            ) from None
        try:
            # isolation_level=None: each statement is its own transaction, as nothing here
            # needs two. A commit in the default rollback-journal mode is synced to disk.
            conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc, "open") from None
        try:
            self._set_up(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise self._error(exc, "open") from None
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _set_up(self, conn: sqlite3.Connection) -> None:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version == _VERSION:
            return
        if version > _VERSION:
            raise StoreError(
                f"the outbox {self.path} was written by a newer version of ml-daily-tutor",
                hint="upgrade ml-daily-tutor (pip install -U ml-daily-tutor), then run again",
            )
        # Several processes may create it at once: the write lock makes them take turns.
        with immediate(conn):
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(
                "INSERT OR IGNORE INTO about (name, value) VALUES ('server', ?)", (self._server,)
            )
            conn.execute(f"PRAGMA user_version = {_VERSION:d}")

    def _error(self, exc: sqlite3.Error, action: str) -> StoreError:
        return store_error(f"the outbox {self.path}", exc, action)
