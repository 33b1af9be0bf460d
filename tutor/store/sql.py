"""The store logic both databases share: one set of queries, row conversions and Protocol methods.

SQLiteStore and PostgresStore subclass SQLStore and supply only what truly differs: how to
connect, run a query, hold a write transaction, and read the log after a position.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, NamedTuple, Protocol, Self, TypeVar

from tutor.base.days import from_us, to_us
from tutor.store.model import Attempt, Event, EventKind, Outcome, Pending

T = TypeVar("T")

ATTEMPT_COLUMNS = (
    "id, learner, key, started_us, finished_us, outcome, score, hints_used, seconds, kind,"
    " detail, revealed"
)
EVENT_COLUMNS = "learner, key, at_us, kind, value"


def attempt_row(attempt: Attempt) -> tuple[Any, ...]:
    return (
        attempt.id,
        attempt.learner,
        attempt.key,
        to_us(attempt.started),
        to_us(attempt.finished),
        attempt.outcome,
        attempt.score,
        attempt.hints_used,
        attempt.seconds,
        attempt.kind,
        attempt.detail,
        attempt.revealed,
    )


def attempts_of(rows: Iterable[Sequence[Any]]) -> list[Attempt]:
    # Rows in ATTEMPT_COLUMNS order; SQLite hands `revealed` back as 0 or 1.
    return [
        Attempt(i, who, what, from_us(t0), from_us(t1), out, score, hints, s, kind, why, bool(seen))
        for (i, who, what, t0, t1, out, score, hints, s, kind, why, seen) in rows
    ]


def event_row(event: Event) -> tuple[Any, ...]:
    return (event.learner, event.key, to_us(event.at), event.kind, event.value)


class Dialect(NamedTuple):
    """What differs in the SQL text itself between the two databases."""

    position: str  # the column that orders rows as they were recorded
    any_passed: str  # an aggregate: true when one of the group's outcomes is 'passed'
    placeholder: str  # the driver's parameter marker

    def sql(self, template: str) -> str:
        """A shared query written with `?` markers and {position}/{any_passed}, for this database."""
        text = template.format(position=self.position, any_passed=self.any_passed)
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)


SQLITE = Dialect(position="rowid", any_passed="MAX(outcome = 'passed')", placeholder="?")
POSTGRES = Dialect(position="pos", any_passed="bool_or(outcome = 'passed')", placeholder="%s")

INSERT_ATTEMPT = (
    f"INSERT INTO attempts ({ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO NOTHING"
)
INSERT_EVENT = f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?)"
# Events carry no id: an event equal in every field (to the microsecond) is the same event, so a
# re-imported one is skipped. The (learner, key, kind, value) index makes the probe cheap.
MERGE_EVENT = (
    f"INSERT INTO events ({EVENT_COLUMNS}) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS ("
    "SELECT 1 FROM events WHERE learner = ? AND key = ? AND at_us = ? AND kind = ? AND value = ?)"
)
# One pass over the covering (learner, key, finished_us, outcome) index plus one index probe per
# exercise: about 25 ms for 100k attempts in SQLite. (Window functions took ten times as long.)
# Two attempts at one exercise finishing in the same microsecond are ordered arbitrarily.
LATEST_OUTCOMES = """
SELECT key, CASE WHEN {any_passed} THEN 'passed' ELSE (
    SELECT newest.outcome FROM attempts AS newest
    WHERE newest.learner = a.learner AND newest.key = a.key
    ORDER BY newest.finished_us DESC LIMIT 1
) END
FROM attempts AS a WHERE learner = ? GROUP BY learner, key
"""
HINTS_REVEALED = (
    "SELECT COUNT(DISTINCT value) FROM events WHERE learner = ? AND key = ? AND kind = 'hint'"
)
LEARNERS = "SELECT DISTINCT learner FROM attempts UNION SELECT DISTINCT learner FROM events"
IDENTITY = "SELECT value FROM store_info WHERE name = 'id'"
NEW_IDENTITY = "UPDATE store_info SET value = ? WHERE name = 'id'"
RENAME_ATTEMPTS = "UPDATE attempts SET learner = ? WHERE learner = ?"
RENAME_EVENTS = "UPDATE events SET learner = ? WHERE learner = ?"


def where(**columns: str | None) -> tuple[str, tuple[str, ...]]:
    """`a = ? AND b = ?` for the columns given a value; names come from this package only."""
    given = {name: value for name, value in columns.items() if value is not None}
    return " AND ".join(f"{name} = ?" for name in given), tuple(given.values())


class Writer(Protocol):
    """Statements inside one write transaction.

    `again` is True when the transaction is a retry after a connection broke, so that an
    earlier run may have committed: its statements must then add nothing a second time.
    """

    again: bool

    def execute(self, sql: str, params: Sequence[Any]) -> int:
        """Run one statement; returns how many rows it changed."""

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run an INSERT once per row; returns how many rows it added."""


class SQLStore(ABC):
    """The ProgressStore methods, written once over a connection that subclasses provide."""

    dialect: Dialect
    path: str  # where the store is, as shown to the user (never with a password)

    def __init__(self, path: str) -> None:
        self.path = path
        self._identity: str | None = None
        d = self.dialect
        self._insert_attempt = d.sql(INSERT_ATTEMPT)
        self._insert_event = d.sql(INSERT_EVENT)
        self._merge_event = d.sql(MERGE_EVENT)
        self._latest_outcomes = d.sql(LATEST_OUTCOMES)
        self._hints_revealed = d.sql(HINTS_REVEALED)

    # --- what each database supplies ------------------------------------------------------

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """Rows of one read statement, failures turned into StoreError."""

    @abstractmethod
    def _write(self, action: str, learners: Collection[str], body: Callable[[Writer], T]) -> T:
        """`body` in one write transaction for rows of these learners; its commit is the
        durability point. A store may run the body again after a broken connection."""

    @abstractmethod
    def _rows_after(self, learner: str, position: int) -> tuple[list[Any], int]:
        """The learner's attempt rows after `position` in recording order, and the position now,
        read so that no attempt recorded before that position can still appear later."""

    @abstractmethod
    def close(self) -> None:
        """Release the database; the store cannot be used afterwards."""

    # --- the Protocol -----------------------------------------------------------------------

    def record(self, attempt: Attempt) -> None:
        self.record_many((attempt,))

    def record_many(self, attempts: Iterable[Attempt]) -> int:
        # A retry after a lost acknowledgement counts what the first run added as known.
        rows = [attempt_row(a) for a in attempts]
        learners = {row[1] for row in rows}
        insert = self._insert_attempt
        return self._write(
            "record an attempt in", learners, lambda tx: tx.insert_many(insert, rows)
        )

    def record_event(self, event: Event) -> None:
        row = event_row(event)

        def insert(tx: Writer) -> None:
            # Probing for an equal event costs an index lookup: only a retry needs it.
            if tx.again:
                tx.execute(self._merge_event, row + row)
            else:
                tx.execute(self._insert_event, row)

        self._write("record an event in", (event.learner,), insert)

    def merge(self, attempts: Iterable[Attempt], events: Iterable[Event]) -> tuple[int, int]:
        rows = [attempt_row(a) for a in attempts]
        event_rows = [event_row(e) for e in events]
        learners = {row[1] for row in rows} | {row[0] for row in event_rows}
        return self._write("import into", learners, lambda tx: self._merge(tx, rows, event_rows))

    def _merge(
        self, tx: Writer, rows: Sequence[Sequence[Any]], event_rows: Sequence[tuple[Any, ...]]
    ) -> tuple[int, int]:
        """Attempts whose id is new and events equal to no recorded one: safe to run twice."""
        added = tx.insert_many(self._insert_attempt, rows) if rows else 0
        noted = tx.insert_many(self._merge_event, [r + r for r in event_rows]) if event_rows else 0
        return added, noted

    def attempts(self, learner: str, key: str | None = None) -> list[Attempt]:
        condition, params = where(learner=learner, key=key)
        # The position column breaks ties between equal timestamps in recording order.
        sql = f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE {condition}"
        sql += " ORDER BY finished_us, {position}"
        return attempts_of(self._query(self.dialect.sql(sql), params))

    def attempts_after(self, learner: str, position: int) -> tuple[list[Attempt], int]:
        rows, now = self._rows_after(learner, position)
        return attempts_of(rows), now

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = str(self._query(IDENTITY, ())[0][0])
        return self._identity

    def events(
        self, learner: str, key: str | None = None, kind: EventKind | None = None
    ) -> list[Event]:
        condition, params = where(learner=learner, key=key, kind=kind)
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE {condition} ORDER BY at_us, seq"
        rows = self._query(self.dialect.sql(sql), params)
        return [Event(who, what, from_us(at), how, value) for who, what, at, how, value in rows]

    def latest_outcomes(self, learner: str) -> dict[str, Outcome]:
        return dict(self._query(self._latest_outcomes, (learner,)))

    def hints_revealed(self, learner: str, key: str, since: datetime | None = None) -> int:
        if since is None:
            return int(self._query(self._hints_revealed, (learner, key))[0][0])
        sql = self._hints_revealed + self.dialect.sql(" AND at_us > ?")
        return int(self._query(sql, (learner, key, to_us(since)))[0][0])

    def learners(self) -> list[str]:
        # Sorted here: the databases' collations would order names differently.
        return sorted(row[0] for row in self._query(LEARNERS, ()))

    def rename_learner(self, old: str, new: str) -> tuple[int, int]:
        if not new:
            raise ValueError("a learner's new name cannot be empty")
        if old == new:
            return 0, 0
        # Imported here: uuid pulls in `platform`, a few ms nobody on the read-only paths needs.
        import uuid

        d = self.dialect

        def move(tx: Writer) -> tuple[int, int]:
            attempts = tx.execute(d.sql(RENAME_ATTEMPTS), (new, old))
            events = tx.execute(d.sql(RENAME_EVENTS), (new, old))
            if attempts or events:
                tx.execute(d.sql(NEW_IDENTITY), (uuid.uuid4().hex,))
            return attempts, events

        # Run again after a lost acknowledgement, it finds nothing left to move: (0, 0).
        moved = self._write("rename a learner in", (old, new), move)
        self._identity = None
        return moved

    @property
    def offline(self) -> bool:
        return False

    def pending(self) -> Pending:
        return Pending()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
