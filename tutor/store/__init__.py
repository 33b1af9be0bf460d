"""The learner's progress: an append-only log of attempts and events, behind one interface."""

from tutor.store.location import (
    DB_ENV,
    default_db_path,
    default_location,
    is_server_url,
    open_store,
)
from tutor.store.migrations import MIGRATIONS, Migration
from tutor.store.model import (
    ATTEMPT_KINDS,
    EVENT_KINDS,
    OUTCOMES,
    Attempt,
    AttemptKind,
    Event,
    EventKind,
    OfflineError,
    Outcome,
    Pending,
    ProgressStore,
    new_attempt,
)
from tutor.store.sqlite import SQLiteStore

__all__ = [
    "ATTEMPT_KINDS",
    "DB_ENV",
    "EVENT_KINDS",
    "MIGRATIONS",
    "OUTCOMES",
    "Attempt",
    "AttemptKind",
    "Event",
    "EventKind",
    "Migration",
    "OfflineError",
    "Outcome",
    "Pending",
    "ProgressStore",
    "SQLiteStore",
    "default_db_path",
    "default_location",
    "is_server_url",
    "new_attempt",
    "open_store",
]
