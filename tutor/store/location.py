"""Where the progress store lives: the default file, and opening a store at a location."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.errors import StoreError
from tutor.store.model import ProgressStore
from tutor.store.sqlite import BUSY_TIMEOUT, open_sqlite

APP_NAME = "ml-daily-tutor"
DB_ENV = "TUTOR_DB"
DB_FILENAME = "progress.sqlite3"
_SERVER_SCHEMES = ("postgresql://", "postgres://")


def default_db_path() -> Path:
    """$TUTOR_DB if set, else progress.sqlite3 in the user's data folder (not created here)."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    # Imported here: platformdirs costs a few ms at start-up that TUTOR_DB users need not pay.
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def open_store(location: str | Path, *, timeout: float = BUSY_TIMEOUT) -> ProgressStore:
    """Open the store at a file path, creating and migrating it as needed.

    `timeout` is how long a write waits for another process's transaction before failing.
    """
    if str(location).startswith(_SERVER_SCHEMES):
        raise StoreError(
            f"cannot open {location}: PostgreSQL progress stores are not supported yet",
            hint="use a SQLite file path with --db or TUTOR_DB",
        )
    return open_sqlite(location, timeout=timeout)
