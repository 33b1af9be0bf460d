"""The progress store on a PostgreSQL server (psycopg 3), for a team that outgrows files on laptops.

Imported only when a postgresql:// URL is used: psycopg costs a tenth of a second to import.
The password in the URL is never shown: messages name the server as user@host:port/database.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

from tutor.base.errors import StoreError
from tutor.store.migrations import APPLICATION_ID, MIGRATIONS, Migration, check_version
from tutor.store.sql import ATTEMPT_COLUMNS, POSTGRES, SQLStore

CONNECT_TIMEOUT = 10  # seconds; libpq's minimum is 2
URL_HINT = "fix the postgresql:// URL given with --db or TUTOR_DB"
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


class Server:
    """Where a URL points, for messages: never its password, which `scrub` removes from text."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._secrets = {s for s in (parts.password, unquote(parts.password or "")) if s}
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error:
            params = {}
        if params.get("password"):
            self._secrets.add(str(params["password"]))
        self.user = str(params.get("user") or os.environ.get("PGUSER") or _os_user())
        self.host = str(params.get("host") or os.environ.get("PGHOST") or "localhost")
        self.port = str(params.get("port") or os.environ.get("PGPORT") or 5432)
        self.database = str(params.get("dbname") or os.environ.get("PGDATABASE") or self.user)
        self.shown = f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


def _os_user() -> str:
    """libpq's default user name: the operating system's."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no passwd entry (some containers)
        return "(default user)"


def _cause(server: Server, exc: BaseException) -> str:
    """The driver's message on one line, without the password."""
    text = " ".join(str(exc).replace("connection failed:", "").split())
    return server.scrub(text) or type(exc).__name__


def connect_error(server: Server, exc: psycopg.Error, timeout: int) -> StoreError:
    """Why a connection failed, on one line: which server, what failed, what to do."""
    text = str(exc)
    head = f"cannot open the progress database at {server.shown}"
    if isinstance(exc, errors.ConnectionTimeout) or "timeout expired" in text:
        return StoreError(
            f"{head}: the server did not answer within {timeout} s",
            hint="check the host name and port, your network or VPN, and that the server is up",
        )
    if "Connection refused" in text:
        return StoreError(
            f"{head}: nothing accepts connections there (connection refused)",
            hint="start the PostgreSQL server, or fix the host and port in the URL",
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return StoreError(
            f"{head}: the server refused the password of user {server.user}",
            hint="check the user and password in the URL (--db or TUTOR_DB) or in ~/.pgpass",
        )
    if "resolve host" in text or "translate host name" in text:
        return StoreError(
            f"{head}: unknown host {server.host}",
            hint="check the host name in the URL, and your network or VPN",
        )
    if "does not exist" in text and f'database "{server.database}"' in text:
        return StoreError(
            f"{head}: the server has no database {server.database}",
            hint=f"ask its administrator to create it (createdb {server.database}), or {URL_HINT}",
        )
    return StoreError(f"{head}: {_cause(server, exc)}", hint=URL_HINT)


def server_error(server: Server, exc: psycopg.Error, action: str) -> StoreError:
    """A failure after connecting, on one line."""
    head = f"cannot {action} the progress database at {server.shown}"
    if isinstance(exc, errors.LockNotAvailable):
        return StoreError(
            f"{head}: another process kept it locked",
            hint="close other tutor sessions writing as you, then try again",
        )
    if isinstance(exc, errors.InsufficientPrivilege):
        return StoreError(
            f"{head}: user {server.user} lacks a privilege ({_cause(server, exc)})",
            hint="ask the server's administrator to grant the user access to the tutor's tables",
        )
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(
            f"{head}: the connection failed ({_cause(server, exc)})",
            hint="check that the server is up and reachable, then run again",
        )
    return StoreError(f"{head}: {_cause(server, exc)}", hint="ask the server's administrator")


def _ours(exc: psycopg.Error) -> bool:
    """Errors that are this code's bug (bad SQL, a closed store), not the user's to fix."""
    if isinstance(exc, psycopg.InterfaceError):
        return True
    if not isinstance(exc, psycopg.ProgrammingError):
        return False
    # Class 42 is SQL that does not compile, bar 42501 (a privilege the user lacks); no code at
    # all is the driver refusing a call. A trigger's RAISE (P0001) is a ProgrammingError too.
    state = exc.sqlstate
    return state is None or (state.startswith("42") and state != "42501")


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
    with conn.transaction():
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
    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any]) -> int:
        return max(self._cursor.execute(sql, params).rowcount, 0)

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        if not rows:
            return 0
        self._cursor.executemany(sql, rows)  # pipelined; rowcount sums the rows added
        return max(self._cursor.rowcount, 0)


class PostgresStore(SQLStore):
    """A ProgressStore on a PostgreSQL server; open it with `open_postgres`.

    Writers of one learner take turns (an advisory lock per learner, held to commit), so
    positions (an identity column) become visible in order for each learner, as attempts_after
    needs; different learners write in parallel.
    """

    dialect = POSTGRES

    def __init__(
        self, conn: psycopg.Connection[Any], server: Server, identity: str | None = None
    ) -> None:
        super().__init__(server.shown)
        self._conn = conn
        self._server = server
        self._identity = identity

    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            if _ours(exc):
                raise
            raise server_error(self._server, exc, "read") from None

    @contextmanager
    def _transaction(self, action: str, learners: Collection[str]) -> Iterator[_PostgresWriter]:
        try:
            with self._conn.transaction(), self._conn.cursor() as cursor:
                # Always the all-learners key first, then learners' keys in one order: no
                # two writers can wait for each other.
                if len(learners) > BULK:
                    cursor.execute(_LOCK_ALL, (ALL_LEARNERS,))
                elif learners:
                    cursor.execute(_LOCK_LEARNERS, (ALL_LEARNERS, LEARNER_LOCKS, list(learners)))
                yield _PostgresWriter(cursor)
        except psycopg.Error as exc:
            if _ours(exc):
                raise
            raise server_error(self._server, exc, action) from None

    def _rows_after(self, learner: str, position: int) -> tuple[list[Any], int]:
        # The shared lock waits for this learner's writers in flight; each statement then
        # reads what is committed (READ COMMITTED), and a writer of this learner that starts
        # later draws a position above `now`.
        #
        # One round trip however long the log: in a pipeline the three statements go out
        # together and, up to its sync, run in one implicit transaction that holds the lock.
        # (A libpq older than 14 has no pipelines: then a transaction, a round trip each.)
        conn = self._conn
        try:
            with conn.cursor() as lock, conn.cursor() as rows, conn.cursor() as now:
                with conn.pipeline() if psycopg.Pipeline.is_supported() else conn.transaction():
                    lock.execute(_LOCK_TO_READ, (ALL_LEARNERS, LEARNER_LOCKS, learner))
                    rows.execute(_ROWS_AFTER, (learner, position))
                    now.execute(_POSITION)
                found, row = rows.fetchall(), now.fetchone()
        except psycopg.Error as exc:
            if _ours(exc):
                raise
            raise server_error(self._server, exc, "read") from None
        return found, int(row[0]) if row else 0

    def close(self) -> None:
        self._conn.close()


def _connect_timeout(params: dict[str, Any]) -> int:
    given = params.get("connect_timeout") or os.environ.get("PGCONNECT_TIMEOUT")
    try:
        return max(2, int(given)) if given else CONNECT_TIMEOUT
    except ValueError:
        return CONNECT_TIMEOUT


def open_postgres(url: str, *, timeout: float) -> PostgresStore:
    """Connect to the server and migrate its database; one-line StoreErrors when that fails.

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
        raise StoreError(f"invalid database URL: {_cause(server, exc)}", hint=URL_HINT) from None
    wait = _connect_timeout(params)
    options = " ".join(
        filter(
            None, [str(params.get("options") or ""), f"-c lock_timeout={math.ceil(timeout * 1000)}"]
        )
    )
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=wait,
            options=options,
            application_name=str(params.get("application_name") or "ml-daily-tutor"),
        )
    except psycopg.Error as exc:
        raise connect_error(server, exc, wait) from None
    identity = None
    try:
        known = _version_and_identity(conn)
        if known is None or known[0] != len(MIGRATIONS):
            version = ledger_version(conn, server)  # without a lock, then again with one
            check_version(server.shown, version, len(MIGRATIONS))
            if version < len(MIGRATIONS):
                migrate_postgres(conn, server)
        else:
            identity = known[1]
    except psycopg.Error as exc:
        conn.close()
        if _ours(exc):
            raise
        raise server_error(server, exc, "set up") from None
    except BaseException:
        conn.close()
        raise
    return PostgresStore(conn, server, identity)


def _version_and_identity(conn: psycopg.Connection[Any]) -> tuple[int, str] | None:
    """The schema version and identity of a database of ours, in one round trip; None when the
    tables are not there to say (a new database, an old one, another program's)."""
    try:
        row = conn.execute(_VERSION_AND_IDENTITY).fetchone()
    except (errors.UndefinedTable, errors.UndefinedColumn):
        return None
    if row is None or not isinstance(row[0], int) or not isinstance(row[1], str):
        return None
    return row[0], row[1]
