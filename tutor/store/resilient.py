"""A connection to the PostgreSQL server that comes back after a restart or a network cut.

`Link.run(action, work)` runs `work(connection, again)` and, when the server is away (see
`pg_server.is_away`), closes the broken connection, connects again and runs the work again,
pausing a little longer each time, for up to TUTOR_DB_RETRY_SECONDS (5 s by default). Past that
it raises `Away` and the link is offline: the next piece of work tries once, without waiting,
so a learner working while the server is down waits once, not at every step. Work must be safe
to run twice: `again` tells it that an earlier run may have committed before its connection
broke (an attempt's id makes its insert idempotent; an event is then inserted only if no equal
event is recorded).

psycopg logs "error ignored ..." warnings (printed on stderr, as nobody configures logging)
when a pipeline or transaction block ends with an error and cleaning up fails too, which is
what a broken connection does. `transaction` and `quiet_pipeline` end their blocks without
that double failure.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import psycopg

from tutor.base.errors import StoreError
from tutor.store.pg_server import Server, connect_error, is_away, is_ours, server_error

RETRY_ENV = "TUTOR_DB_RETRY_SECONDS"
RETRY_SECONDS = 5.0
# A restart takes from a fraction of a second to a few: start by checking often.
_FIRST_PAUSE = 0.05
_LONGEST_PAUSE = 0.5

T = TypeVar("T")
Work = Callable[[psycopg.Connection[Any], bool], T]


def retry_seconds() -> float:
    """How long a piece of work keeps trying while the server is away: $TUTOR_DB_RETRY_SECONDS."""
    given = os.environ.get(RETRY_ENV, "").strip()
    if not given:
        return RETRY_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise StoreError(
            f"{RETRY_ENV} must be a number of seconds (0 or more), not {given!r}",
            hint=f"unset {RETRY_ENV} to wait {RETRY_SECONDS:g} s for a server that restarts",
        )
    return seconds


class Away(Exception):
    """The server stayed away for the whole wait. `error` is the driver's last failure;
    `connecting` is true when it was a failure to connect (not a connection that broke)."""

    def __init__(self, error: psycopg.Error, connecting: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.connecting = connecting


def _timed_out(exc: psycopg.Error) -> bool:
    return isinstance(exc, psycopg.errors.ConnectionTimeout) or "timeout expired" in str(exc)


class Link:
    """One connection at a time to one server, made again whenever the last one broke."""

    def __init__(
        self,
        url: str,
        server: Server,
        options: dict[str, Any],
        retry: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._url = url
        self._server = server
        self._options = options  # psycopg.connect's keyword arguments
        self._retry = retry
        self._sleep = sleep
        self._conn: psycopg.Connection[Any] | None = None
        self.offline = False  # the last piece of work found the server away

    @property
    def connect_timeout(self) -> int:
        return int(self._options["connect_timeout"])

    def run(self, action: str, work: Work[T]) -> T:
        """`work` on a live connection; StoreError when the server refuses, Away when it stays
        away past the wait (at once if the link was already offline)."""
        deadline: float | None = None
        pause = _FIRST_PAUSE
        again = False
        while True:
            connecting = True
            try:
                conn = self._connection()
                connecting = False
                result = work(conn, again)
            except psycopg.Error as exc:
                if not is_away(exc):
                    self._drop_if_broken()
                    if is_ours(exc):
                        raise
                    if connecting:
                        raise connect_error(self._server, exc, self.connect_timeout) from None
                    raise server_error(self._server, exc, action) from None
                self._drop()
                again = again or not connecting
                now = time.monotonic()
                if deadline is None:
                    # A connect timeout already waited its own seconds: it is not repeated.
                    wait = 0.0 if self.offline or _timed_out(exc) else self._retry
                    deadline = now + wait
                if now >= deadline:
                    self.offline = True
                    raise Away(exc, connecting) from None
                self._sleep(min(pause, deadline - now))
                pause = min(pause * 2, _LONGEST_PAUSE)
            else:
                self.offline = False
                return result

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None:
            self._conn = psycopg.connect(self._url, autocommit=True, **self._options)
        return self._conn

    def _drop_if_broken(self) -> None:
        if self._conn is not None and self._conn.closed:
            self._drop()

    def _drop(self) -> None:
        """Close the connection: a broken one says nothing when closed, and leaves no warning
        for the garbage collector to print."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        self._drop()


@contextmanager
def transaction(conn: psycopg.Connection[Any]) -> Iterator[psycopg.Cursor[Any]]:
    """One transaction on an autocommit connection, committed when the block ends.

    Not psycopg's `conn.transaction()`: when the connection breaks inside it, its rollback
    fails too and is logged. Here a broken connection is not asked to roll back: the server
    rolls back the transaction of a session it lost.
    """
    with conn.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            yield cursor
        except BaseException:
            if not conn.closed:
                with suppress(psycopg.Error):
                    cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")


@contextmanager
def quiet_pipeline(conn: psycopg.Connection[Any]) -> Iterator[None]:
    """`conn.pipeline()`, but a failure inside the block is raised once the pipeline has ended.

    psycopg's pipeline, left with an exception, syncs anyway; on a broken connection that fails
    as well and psycopg logs "error ignored terminating <psycopg.Pipeline [BAD]>". Left without
    one, a failing sync is raised instead, which the caller handles like any other failure.
    """
    failure: psycopg.Error | None = None
    with conn.pipeline():
        try:
            yield
        except psycopg.Error as exc:
            failure = exc
    if failure is not None:
        raise failure
