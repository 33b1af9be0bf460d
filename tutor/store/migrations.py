"""The schema as ordered, named migrations for SQLite and PostgreSQL; applied to SQLite here."""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from tutor.base.errors import StoreError


class Migration(NamedTuple):
    """One step of the schema; its position in MIGRATIONS (from 1) is the version it makes.

    `statements` are SQLite's, `postgres` the same step for PostgreSQL: one list, one version
    number, so the two databases can never drift apart in what a version means.
    """

    name: str
    statements: tuple[str, ...]
    postgres: tuple[str, ...] = ()


# Statements both databases run as written.
_ATTEMPTS_BY_KEY = (
    "CREATE INDEX attempts_learner_key ON attempts (learner, key, finished_us, outcome)"
)
_ATTEMPTS_BY_TIME = "CREATE INDEX attempts_learner_finished ON attempts (learner, finished_us)"
_EVENTS_BY_KIND = "CREATE INDEX events_learner_key_kind ON events (learner, key, kind, value)"
_STORE_INFO = "CREATE TABLE store_info (name TEXT PRIMARY KEY, value TEXT NOT NULL)"

# Version 4 derives two things the tutor never recorded. An attempt is a review when the learner
# had passed the exercise before it started; it revealed the solution when a reveal event lies
# after the learner's previous pass of the exercise and no later than its finish.
_BACKFILL_KIND_AND_REVEALED = """UPDATE attempts SET
    kind = CASE WHEN EXISTS (
        SELECT 1 FROM attempts AS earlier
        WHERE earlier.learner = attempts.learner AND earlier.key = attempts.key
          AND earlier.outcome = 'passed' AND earlier.finished_us < attempts.started_us
    ) THEN 'review' ELSE 'new' END,
    revealed = EXISTS (
        SELECT 1 FROM events AS reveal
        WHERE reveal.learner = attempts.learner AND reveal.key = attempts.key
          AND reveal.kind = 'reveal' AND reveal.at_us <= attempts.finished_us
          AND NOT EXISTS (
            SELECT 1 FROM attempts AS pass
            WHERE pass.learner = attempts.learner AND pass.key = attempts.key
              AND pass.outcome = 'passed'
              AND pass.finished_us >= reveal.at_us AND pass.finished_us < attempts.finished_us
          )
    )"""
# Every column of attempts but `learner`, which a rename changes. A migration that adds a column
# to attempts recreates attempts_no_update with it (test_store checks each column).
_FIXED_COLUMNS = (
    "id, key, started_us, finished_us, outcome, score, hints_used, seconds, kind, detail, revealed"
)
_APPEND_ONLY = "BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END"

# Append only: a released migration never changes, because databases in the field have run it.
# Times are integer microseconds since 1970-01-01 UTC: exact, compact and sortable.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "create attempts",
        (
            """CREATE TABLE attempts (
                id TEXT PRIMARY KEY,
                learner TEXT NOT NULL,
                key TEXT NOT NULL,
                started_us INTEGER NOT NULL,
                finished_us INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                score REAL NOT NULL,
                hints_used INTEGER NOT NULL,
                seconds REAL NOT NULL,
                kind TEXT NOT NULL DEFAULT 'new',
                detail TEXT NOT NULL DEFAULT ''
            )""",
            # finished_us and outcome ride in the (learner, key) index so that per-exercise
            # history comes out sorted and latest_outcomes reads the index alone.
            _ATTEMPTS_BY_KEY,
            _ATTEMPTS_BY_TIME,
            # Schedules, streaks and mastery are derived from this log; editing it rewrites history.
            """CREATE TRIGGER attempts_no_update BEFORE UPDATE ON attempts
               BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END""",
            """CREATE TRIGGER attempts_no_delete BEFORE DELETE ON attempts
               BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END""",
        ),
        postgres=(
            # pos is SQLite's rowid: the order attempts were recorded in (attempts_after).
            """CREATE TABLE attempts (
                id TEXT PRIMARY KEY,
                learner TEXT NOT NULL,
                key TEXT NOT NULL,
                started_us BIGINT NOT NULL,
                finished_us BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                hints_used BIGINT NOT NULL,
                seconds DOUBLE PRECISION NOT NULL,
                kind TEXT NOT NULL DEFAULT 'new',
                detail TEXT NOT NULL DEFAULT '',
                pos BIGINT GENERATED ALWAYS AS IDENTITY
            )""",
            _ATTEMPTS_BY_KEY,
            _ATTEMPTS_BY_TIME,
            "CREATE UNIQUE INDEX attempts_pos ON attempts (pos)",
            "CREATE INDEX attempts_learner_pos ON attempts (learner, pos)",
            # 23000 is integrity_constraint_violation: an IntegrityError, as in SQLite.
            """CREATE FUNCTION tutor_attempts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'attempts are append-only' USING ERRCODE = '23000'; END $$""",
            """CREATE TRIGGER attempts_no_change BEFORE UPDATE OR DELETE ON attempts
               FOR EACH ROW EXECUTE FUNCTION tutor_attempts_append_only()""",
            """CREATE TRIGGER attempts_no_truncate BEFORE TRUNCATE ON attempts
               FOR EACH STATEMENT EXECUTE FUNCTION tutor_attempts_append_only()""",
        ),
    ),
    Migration(
        "create events",
        (
            # seq orders events that share a timestamp in the order they were recorded.
            """CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
                learner TEXT NOT NULL,
                key TEXT NOT NULL,
                at_us INTEGER NOT NULL,
                kind TEXT NOT NULL,
                value INTEGER NOT NULL DEFAULT 0
            )""",
            _EVENTS_BY_KIND,
        ),
        postgres=(
            """CREATE TABLE events (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                learner TEXT NOT NULL,
                key TEXT NOT NULL,
                at_us BIGINT NOT NULL,
                kind TEXT NOT NULL,
                value BIGINT NOT NULL DEFAULT 0
            )""",
            _EVENTS_BY_KIND,
        ),
    ),
    Migration(
        "store identity",
        (
            # A random id made once per database: caches derived from the log are keyed by it,
            # so a new database at the same path never inherits an old one's derived state.
            _STORE_INFO,
            "INSERT INTO store_info (name, value) VALUES ('id', lower(hex(randomblob(16))))",
        ),
        postgres=(
            _STORE_INFO,
            "INSERT INTO store_info (name, value)"
            " VALUES ('id', replace(gen_random_uuid()::text, '-', ''))",
        ),
    ),
    Migration(
        "attempt kinds and reveals; learners can be renamed",
        (
            "ALTER TABLE attempts ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0",
            # The backfill is an UPDATE, which the old trigger refuses; its successor refuses
            # every column but `learner`. `UPDATE OF rowid` would miss its aliases (oid,
            # _rowid_), so the position, which attempts_after reads by, has a trigger of its own.
            "DROP TRIGGER attempts_no_update",
            _BACKFILL_KIND_AND_REVEALED,
            f"CREATE TRIGGER attempts_no_update BEFORE UPDATE OF {_FIXED_COLUMNS} ON attempts "
            + _APPEND_ONLY,
            "CREATE TRIGGER attempts_keep_position BEFORE UPDATE ON attempts"
            " WHEN NEW.rowid IS NOT OLD.rowid " + _APPEND_ONLY,
        ),
        postgres=(
            "ALTER TABLE attempts ADD COLUMN revealed BOOLEAN NOT NULL DEFAULT false",
            "DROP TRIGGER attempts_no_change ON attempts",
            _BACKFILL_KIND_AND_REVEALED,
            """CREATE TRIGGER attempts_no_delete BEFORE DELETE ON attempts
               FOR EACH ROW EXECUTE FUNCTION tutor_attempts_append_only()""",
            # pos too: `SET pos = DEFAULT` would draw a new position.
            f"""CREATE TRIGGER attempts_no_update BEFORE UPDATE OF {_FIXED_COLUMNS}, pos
               ON attempts FOR EACH ROW EXECUTE FUNCTION tutor_attempts_append_only()""",
        ),
    ),
)

# "MLDT" in the file header, so another application's SQLite file is never mistaken for ours.
APPLICATION_ID = 0x4D4C4454

# Both header fields in one statement: this is all an up-to-date open costs.
HEADER_SQL = "SELECT user_version, application_id FROM pragma_user_version, pragma_application_id"

NOT_OURS_HINT = "point --db or TUTOR_DB at your progress database, or at a new file"

_LEDGER_SQL = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_us INTEGER NOT NULL
)"""


def check_header(path: str, version: int, application_id: int, known: int) -> None:
    """Refuse a database this code must not touch: another program's, or a newer tutor's."""
    if application_id not in (0, APPLICATION_ID) or (version and application_id == 0):
        raise StoreError(
            f"{path} is an SQLite database of another program, not a progress database",
            hint=NOT_OURS_HINT,
        )
    check_version(path, version, known)


def check_version(where: str, version: int, known: int) -> None:
    """Refuse a database migrated by a newer tutor: this code cannot know what it means."""
    if version > known:
        raise StoreError(
            f"{where} was written by a newer version of ml-daily-tutor "
            f"(schema {version}, this version knows {known}); upgrade",
            hint="upgrade ml-daily-tutor (pip install -U ml-daily-tutor), then run again",
        )


def migrate(
    conn: sqlite3.Connection, path: str, migrations: tuple[Migration, ...] = MIGRATIONS
) -> int:
    """Bring the database up to len(migrations) in one transaction; returns how many ran.

    BEGIN IMMEDIATE takes the write lock before the version is read, so when several
    processes open a fresh file at once, one migrates and the others find it done.
    """
    with immediate(conn):
        version, application_id = conn.execute(HEADER_SQL).fetchone()
        check_header(path, version, application_id, len(migrations))
        if version == 0 and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise StoreError(
                f"{path} is an SQLite database with other tables, not a progress database",
                hint=NOT_OURS_HINT,
            )
        pending = migrations[version:]
        if not pending:  # another process migrated while this one waited for the lock
            return 0
        conn.execute(_LEDGER_SQL)
        for number, migration in enumerate(pending, start=version + 1):
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_us) VALUES (?, ?, ?)",
                (number, migration.name, time.time_ns() // 1000),
            )
        # PRAGMA takes no parameters; both values are integers from this module.
        conn.execute(f"PRAGMA user_version = {len(migrations):d}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
    return len(pending)


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on a connection without implicit ones (isolation_level=None),
    committed when the block ends and rolled back when it raises.

    IMMEDIATE takes the write lock up front, waiting out other writers with the busy timeout,
    instead of failing later when a read lock cannot be upgraded.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
