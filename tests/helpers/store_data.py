"""What the store tests share: attempts made to order, and a plain look inside a SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tutor.store import Attempt, new_attempt

T0 = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def attempt(**fields: Any) -> Attempt:
    values: dict[str, Any] = {
        "learner": "ana",
        "key": "polars-basics/select",
        "started": at(0),
        "finished": at(1),
        "outcome": "passed",
        "score": 1.0,
        "hints_used": 0,
        "seconds": 60.0,
    }
    values.update(fields)
    return new_attempt(**values)


@contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection, to arrange or inspect what the store alone would never write."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def pragma(path: Path, name: str) -> Any:
    with raw(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
