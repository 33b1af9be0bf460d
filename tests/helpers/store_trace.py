"""Watching what SQLite runs: every statement of the connections a block opens, as SQLite sees it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def sqlite_statements() -> Iterator[list[str]]:
    """The statements run, in order, by SQLite connections opened inside the block.

    What SQLite runs inside a statement (a trigger's body, a pragma function's query) it reports
    as a `-- ` comment line; those are left out.
    """
    real_connect = sqlite3.connect
    statements: list[str] = []

    def note(statement: str) -> None:
        if not statement.startswith("-- "):
            statements.append(statement)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(note)
        return conn

    sqlite3.connect = connect
    try:
        yield statements
    finally:
        sqlite3.connect = real_connect
