"""The progress store on a PostgreSQL server (psycopg 3), for a team that outgrows files on laptops.

Imported only when a postgresql:// URL is used: psycopg costs a tenth of a second to import.
The password in the URL is never shown: messages name the server as user@host:port/database.

A server that restarts or a network that drops costs no attempt:

- Every operation runs on a `resilient.Link`: a broken connection is made again and the
  operation retried for up to TUTOR_DB_RETRY_SECONDS (5 s by default); a retried write adds
  nothing twice (attempt ids; an event equal to a recorded one is skipped).
- When the server stays away longer, `record` and `record_event` keep the attempt or event in
  the local outbox (`outbox.py`) and return; `offline` is then True. The outbox is sent, in
  order, when the store is opened and before each operation that reaches the server, by
  whichever tutor process gets there first.
- Other writes (`record_many`, `merge`, `rename_learner`) raise OfflineError. Reads answer what
  this process read before, with its own writes since (`seen.py`: what recording the try in
  progress needs), and otherwise raise OfflineError, which names what waits in the outbox.
- Opening a store while the server is away fails with the usual one-line StoreError.

For the application: `store.offline` (the last operation could not reach the server) and
`store.pending()` (attempts and events waiting in the outbox) tell the learner they are
working offline and what waits to be sent.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict

from tutor.base.errors import StoreError
from tutor.store.migrations import APPLICATION_ID, MIGRATIONS, Migration, check_version
from tutor.store.model import Attempt, Event, EventKind, OfflineError, Outcome, Pending
from tutor.store.outbox import Outbox, outbox_path
from tutor.store.pg_server import URL_HINT, Server, cause, connect_error, server_error
from tutor.store.resilient import Away, Link, quiet_pipeline, retry_seconds, transaction
from tutor.store.seen import Seen
from tutor.store.sql import ATTEMPT_COLUMNS, POSTGRES, SQLStore, Writer, attempt_row, event_row

__all__ = ["PostgresStore", "Server", "migrate_postgres", "open_postgres"]

T = TypeVar("T")
R = TypeVar("R")
CONNECT_TIMEOUT = 10  # seconds; libpq's minimum is 2
# Advisory locks (transaction-level, released at commit or rollback):
# - MIGRATION_LOCK: one migration at a time;
# - (LEARNER_LOCKS, hashtext(learner)): a learner's writers take turns, and readers of the
#   learner's log after a position wait for them (see PostgresStore);
# - (ALL_LEARNERS, 0), shared by every reader and writer, exclusive for a write touching more
#   learners than BULK (an import with --all), which would fill the server's lock table.
MIGRATION_LOCK = APPLICATION_ID
LEARNER_LOCKS = APPLICATION_ID
ALL_LEARNERS = APPLICATION_ID + 1
BULK = 32
_LOCK_LEARNERS = (
    "SELECT pg_advisory_xact_lock_shared(%s, 0), pg_advisory_xact_lock(%s, h) FROM"
    " (SELECT DISTINCT hashtext(l) AS h FROM unnest(%s::text[]) AS l ORDER BY h) AS keys"
)
_LOCK_ALL = "SELECT pg_advisory_xact_lock(%s, 0)"
_LOCK_TO_READ = (
    "SELECT pg_advisory_xact_lock_shared(%s, 0), pg_advisory_xact_lock_shared(%s, hashtext(%s))"
)
_LEDGER_SQL = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_us BIGINT NOT NULL
)"""
_OUR_TABLES = ("attempts", "events", "store_info")
# What opening an up-to-date database costs: one round trip for the version and the identity.
_VERSION_AND_IDENTITY = (
    "SELECT (SELECT max(version) FROM schema_migrations),"
    " (SELECT value FROM store_info WHERE name = 'id')"
)
_ROWS_AFTER = f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE learner = %s AND pos > %s ORDER BY pos"
_POSITION = "SELECT COALESCE(MAX(pos), 0) FROM attempts"


def ledger_version(conn: psycopg.Connection[Any], server: Server) -> int:
    """The schema version of the database; 0 when it has no tutor tables yet."""
    # A query of pg_class, not to_regclass(): the statement sees what is committed now, whereas
    # name lookups may use a cache from before this transaction waited for the migration lock.
    found = {
        name
        for (name,) in conn.execute(
            "SELECT c.relname FROM pg_catalog.pg_class AS c"
            " JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relname = ANY(%s)",
            (["schema_migrations", *_OUR_TABLES],),
        )
    }
    has_ledger = "schema_migrations" in found
    has_ours = bool(found - {"schema_migrations"})
    not_ours = StoreError(
        f"{server.shown} has tables of another program (attempts, events or schema_migrations"
        " that the tutor did not create)",
        hint="give the tutor a database of its own (createdb tutor), or " + URL_HINT,
    )
    if not has_ledger:
        if has_ours:
            raise not_ours
        return 0
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    version = row[0] if row else None
    if version is not None and not isinstance(version, int):
        raise not_ours
    return version or 0


def migrate_postgres(
    conn: psycopg.Connection[Any], server: Server, migrations: tuple[Migration, ...] = MIGRATIONS
) -> int:
    """Bring the database up to len(migrations) in one transaction; returns how many ran.

    The transaction-level advisory lock makes tutors starting at once take turns: the first
    migrates, the others then find the ledger up to date. DDL is transactional in PostgreSQL,
    so a failed migration leaves nothing behind.
    """
    with transaction(conn):
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        version = ledger_version(conn, server)
        check_version(server.shown, version, len(migrations))
        pending = migrations[version:]
        if not pending:
            return 0
        conn.execute(_LEDGER_SQL)
        for number, migration in enumerate(pending, start=version + 1):
            for statement in migration.postgres:
                conn.execute(statement)  # no parameters: sent as written, `$$` and all
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_us)"
                " VALUES (%s, %s, (extract(epoch FROM clock_timestamp()) * 1e6)::bigint)",
                (number, migration.name),
            )
    return len(pending)


class _PostgresWriter:
    def __init__(self, conn: psycopg.Connection[Any], cursor: psycopg.Cursor[Any], again: bool):
        self._conn = conn
        self._cursor = cursor
        self.again = again

    def execute(self, sql: str, params: Sequence[Any]) -> int:
        return max(self._cursor.execute(sql, params).rowcount, 0)

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        if len(rows) <= 1:  # one statement needs no pipeline
            return self.execute(sql, rows[0]) if rows else 0
        with quiet_pipeline(self._conn):  # executemany would open a pipeline of its own
            self._cursor.executemany(sql, rows)
        return max(self._cursor.rowcount, 0)  # the rows added, summed


def _in_transaction(
    conn: psycopg.Connection[Any],
    learners: Collection[str],
    body: Callable[[Writer], T],
    again: bool,
) -> T:
    with transaction(conn) as cursor:
        # Always the all-learners key first, then learners' keys in one order: no two writers
        # can wait for each other.
        if len(learners) > BULK:
            cursor.execute(_LOCK_ALL, (ALL_LEARNERS,))
        elif learners:
            cursor.execute(_LOCK_LEARNERS, (ALL_LEARNERS, LEARNER_LOCKS, list(learners)))
        return body(_PostgresWriter(conn, cursor, again))


def _rows_after(
    conn: psycopg.Connection[Any], learner: str, position: int
) -> tuple[list[Any], int]:
    # The shared lock waits for this learner's writers in flight; each statement then reads
    # what is committed (READ COMMITTED), and a writer of this learner that starts later draws
    # a position above `now`.
    #
    # One round trip however long the log: in a pipeline the three statements go out together
    # and, up to its sync, run in one implicit transaction that holds the lock. (A libpq older
    # than 14 has no pipelines: then a transaction, a round trip each.)
    with conn.cursor() as lock, conn.cursor() as rows, conn.cursor() as now:
        with quiet_pipeline(conn) if psycopg.Pipeline.is_supported() else transaction(conn):
            lock.execute(_LOCK_TO_READ, (ALL_LEARNERS, LEARNER_LOCKS, learner))
            rows.execute(_ROWS_AFTER, (learner, position))
            now.execute(_POSITION)
        found, row = rows.fetchall(), now.fetchone()
    return found, int(row[0]) if row else 0


class PostgresStore(SQLStore):
    """A ProgressStore on a PostgreSQL server; open it with `open_postgres`.

    Writers of one learner take turns (an advisory lock per learner, held to commit), so
    positions (an identity column) become visible in order for each learner, as attempts_after
    needs; different learners write in parallel. The module's docstring says what happens when
    the server goes away.
    """

    dialect = POSTGRES

    def __init__(
        self, link: Link, server: Server, outbox: Outbox, identity: str | None = None
    ) -> None:
        super().__init__(server.shown)
        self._identity = identity
        self._link = link
        self._server = server
        self._outbox = outbox
        self._seen = Seen()

    @property
    def offline(self) -> bool:
        return self._link.offline

    def pending(self) -> Pending:
        return self._outbox.pending()

    @property
    def outbox(self) -> Path:
        """The file where attempts and events wait while the server is away."""
        return self._outbox.path

    # --- what SQLStore needs --------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        return self._online("read", lambda conn, _: conn.execute(sql, params).fetchall())

    def _write(self, action: str, learners: Collection[str], body: Callable[[Writer], T]) -> T:
        return self._online(
            action, lambda conn, again: _in_transaction(conn, learners, body, again)
        )

    def _rows_after(self, learner: str, position: int) -> tuple[list[Any], int]:
        return self._online("read", lambda conn, _: _rows_after(conn, learner, position))

    def _online(self, action: str, work: Callable[[psycopg.Connection[Any], bool], T]) -> T:
        """`work` on the server once what waits in the outbox is sent; OfflineError when the
        server stays away."""

        def after_the_outbox(conn: psycopg.Connection[Any], again: bool) -> T:
            self._send_waiting(conn)
            return work(conn, again)

        try:
            return self._link.run(action, after_the_outbox)
        except Away as away:
            raise self._offline_error(action, away.error) from None

    def _send_waiting(self, conn: psycopg.Connection[Any]) -> None:
        """Send the outbox in one transaction, in order, then forget what was sent. Sent twice
        (another process sending too, or this one killed before forgetting), it adds nothing."""
        if not self._outbox.any():
            return
        batch = self._outbox.take()
        rows = [attempt_row(a) for a in batch.attempts]
        events = [event_row(e) for e in batch.events]
        learners = {a.learner for a in batch.attempts} | {e.learner for e in batch.events}
        _in_transaction(conn, learners, lambda tx: self._merge(tx, rows, events), True)
        self._outbox.done(batch.last)

    def _send_now(self) -> None:
        """Send what waits in the outbox, if anything does and the server is there."""
        # OfflineError: the server went away just now, and it all stays in the outbox.
        with suppress(OfflineError):
            self._online("send what waits to", lambda conn, _: None)

    def _offline_error(self, action: str, exc: psycopg.Error) -> OfflineError:
        return OfflineError(
            f"cannot {action} the progress database at {self.path}: the server cannot be"
            f" reached ({cause(self._server, exc)})",
            hint="check that the server is up and reachable, then run again"
            + _waiting_in(self._outbox),
        )

    # --- writes kept in the outbox, reads remembered ---------------------------------------

    def record(self, attempt: Attempt) -> None:
        self._record_or_keep(lambda: SQLStore.record(self, attempt), attempt)
        self._seen.wrote_attempt(attempt)

    def record_event(self, event: Event) -> None:
        self._record_or_keep(lambda: SQLStore.record_event(self, event), event)
        self._seen.wrote_event(event)

    def _record_or_keep(self, write: Callable[[], None], record: Attempt | Event) -> None:
        try:
            write()
        except OfflineError:
            self._outbox.add(record)
        except KeyboardInterrupt:
            # Ctrl-C while the tutor waits for the server, or in the middle of the write: kept
            # all the same, as sending it twice adds nothing.
            self._outbox.add(record)
            raise

    def attempts(self, learner: str, key: str | None = None) -> list[Attempt]:
        seen = self._seen
        return _or_seen(
            lambda: SQLStore.attempts(self, learner, key),
            lambda: seen.attempts(learner, key),
            lambda found: seen.saw_attempts(learner, key, found),
        )

    def events(
        self, learner: str, key: str | None = None, kind: EventKind | None = None
    ) -> list[Event]:
        seen = self._seen
        return _or_seen(
            lambda: SQLStore.events(self, learner, key, kind),
            lambda: seen.events(learner, key, kind),
            lambda found: seen.saw_events(learner, key, kind, found),
        )

    def latest_outcomes(self, learner: str) -> dict[str, Outcome]:
        seen = self._seen
        return _or_seen(
            lambda: SQLStore.latest_outcomes(self, learner),
            lambda: seen.latest_outcomes(learner),
            lambda found: seen.saw_outcomes(learner, found),
        )

    def close(self) -> None:
        self._link.close()
        self._outbox.close()


def _or_seen(read: Callable[[], R], recall: Callable[[], R | None], keep: Callable[[R], None]) -> R:
    """What the server answers (kept for later), or while it is away, what was kept before."""
    try:
        found = read()
    except OfflineError:
        kept = recall()
        if kept is None:
            raise
        return kept
    keep(found)
    return found


def _waiting_in(outbox: Outbox) -> str:
    """`; 2 attempts and 1 event wait in PATH, ...` for a hint, or nothing when none wait."""
    waiting = outbox.pending()
    if not waiting:
        return ""
    parts = [(waiting.attempts, "attempt"), (waiting.events, "event")]
    counts = " and ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in parts if n)
    return f"; {counts} wait in {outbox.path}, sent once it is back"


def _connect_timeout(params: dict[str, Any]) -> int:
    given = params.get("connect_timeout") or os.environ.get("PGCONNECT_TIMEOUT")
    try:
        return max(2, int(given)) if given else CONNECT_TIMEOUT
    except ValueError:
        return CONNECT_TIMEOUT


def open_postgres(url: str, *, timeout: float) -> PostgresStore:
    """Connect to the server, migrate its database and send what waits in the outbox; one-line
    StoreErrors when that fails (after waiting TUTOR_DB_RETRY_SECONDS for a server away).

    `timeout` is how long a write waits for another process's transaction before failing.
    """
    server = Server(url)
    if urlsplit(url).netloc.count("@") > 1:
        # libpq would split such a URL inside the password and show a piece of it as the host.
        raise StoreError(
            "cannot open the progress database: its URL has more than one '@' before the host",
            hint="write '@' in a user name or password as %40 (and ':' as %3A, '/' as %2F)",
        )
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise StoreError(f"invalid database URL: {cause(server, exc)}", hint=URL_HINT) from None
    wait = _connect_timeout(params)
    options = " ".join(
        filter(
            None, [str(params.get("options") or ""), f"-c lock_timeout={math.ceil(timeout * 1000)}"]
        )
    )
    connect = {
        "connect_timeout": wait,
        "options": options,
        "application_name": str(params.get("application_name") or "ml-daily-tutor"),
    }
    link = Link(url, server, connect, retry_seconds())
    outbox = Outbox(outbox_path(server.shown), server.shown)
    try:
        identity = link.run("set up", lambda conn, _: _set_up(conn, server))
    except Away as away:
        error = (
            connect_error(server, away.error, wait)
            if away.connecting
            else server_error(server, away.error, "set up")
        )
        error.hint += _waiting_in(outbox)
        link.close()
        outbox.close()
        raise error from None
    except BaseException:
        link.close()
        outbox.close()
        raise
    store = PostgresStore(link, server, outbox, identity)
    try:
        store._send_now()
    except BaseException:
        store.close()
        raise
    return store


def _set_up(conn: psycopg.Connection[Any], server: Server) -> str | None:
    """Check the schema version, migrating when needed; the store's identity when known."""
    known = _version_and_identity(conn)
    if known is not None and known[0] == len(MIGRATIONS):
        return known[1]
    version = ledger_version(conn, server)  # without a lock, then again with one
    check_version(server.shown, version, len(MIGRATIONS))
    if version < len(MIGRATIONS):
        migrate_postgres(conn, server)
    return None


def _version_and_identity(conn: psycopg.Connection[Any]) -> tuple[int, str] | None:
    """The schema version and identity of a database of ours, in one round trip; None when the
    tables are not there to say (a new database, an old one, another program's)."""
    try:
        row = conn.execute(_VERSION_AND_IDENTITY).fetchone()
    except (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn):
        return None
    if row is None or not isinstance(row[0], int) or not isinstance(row[1], str):
        return None
    return row[0], row[1]
