"""Where the progress store lives: the default file, and opening a store at a path or URL."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.store.model import ProgressStore
from tutor.store.sqlite import BUSY_TIMEOUT, open_sqlite

APP_NAME = "ml-daily-tutor"
DB_ENV = "TUTOR_DB"
DB_FILENAME = "progress.sqlite3"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: str | Path) -> bool:
    """True for a postgresql:// URL, which names a server rather than a file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def default_db_path() -> Path:
    """$TUTOR_DB if set, else progress.sqlite3 in the user's data folder (not created here)."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from tutor.base.userdirs import user_dir

    return user_dir("data") / DB_FILENAME


def default_location() -> str | Path:
    """Where the store is when --db is not given: $TUTOR_DB (a file or a postgresql:// URL, kept
    whole: a Path would fold its `//`), else the file in the user's data folder."""
    override = os.environ.get(DB_ENV, "").strip()
    return override if is_server_url(override) else default_db_path()


def open_store(location: str | Path, *, timeout: float = BUSY_TIMEOUT) -> ProgressStore:
    """Open the store at a file path or a postgresql:// URL, creating and migrating it as needed.

    `timeout` is how long a write waits for another process's transaction before failing. A
    server is waited for while it restarts, and attempts recorded while it is away wait in a
    local outbox (see tutor.store.postgres: `store.offline`, `store.pending()`).
    """
    if is_server_url(location):
        # Imported here: psycopg takes a tenth of a second to import, paid only by its users.
        from tutor.store.postgres import open_postgres

        return open_postgres(str(location), timeout=timeout)
    return open_sqlite(location, timeout=timeout)
