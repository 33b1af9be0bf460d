"""What only the SQLite store has: a file on disk, checked before it is trusted or touched.

The behaviour both stores share is tested once, on both, in test_store.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.store_data import attempt, raw, snapshot
from helpers.store_trace import sqlite_statements

from tutor.base.errors import StoreError
from tutor.store import DB_ENV, default_db_path, open_store
from tutor.store import sqlite as sqlite_module
from tutor.store.migrations import HEADER_SQL

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    # A folder that does not exist yet: opening must create it.
    return tmp_path / "data" / "progress.sqlite3"


def test_opening_an_up_to_date_database_runs_no_migration_and_writes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(db_path).close()
    before = db_path.read_bytes()

    def no_migration(*args: object) -> int:
        raise AssertionError("migrate() ran on an up-to-date database")

    monkeypatch.setattr(sqlite_module, "migrate", no_migration)
    with sqlite_statements() as statements:
        open_store(db_path).close()
    # One read of the file's header, and the per-connection setting that spares each commit a
    # disk sync (WAL stays durable against a killed process); nothing reads the schema.
    assert statements == [HEADER_SQL, "PRAGMA synchronous = NORMAL"]
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "setup",
    ["PRAGMA application_id = 42", "CREATE TABLE notes (body TEXT)"],
    ids=["other-application-id", "other-tables"],
)
def test_another_programs_sqlite_file_is_refused(db_path: Path, setup: str) -> None:
    db_path.parent.mkdir()
    with raw(db_path) as conn:
        conn.execute(setup)
    before = snapshot(db_path.parent)
    with pytest.raises(StoreError, match="not a progress database"):
        open_store(db_path)
    assert snapshot(db_path.parent) == before


def test_in_memory_store_for_quick_use() -> None:
    with open_store(":memory:") as store:
        store.record(attempt())
        assert store.latest_outcomes("ana") == {"polars-basics/select": "passed"}


# --- files that are not a usable progress database -------------------------------------------


def _good_database(path: Path) -> bytes:
    with open_store(path) as store:
        store.record_many(attempt(detail="x" * 200) for _ in range(200))
    return path.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        "random-bytes",
        "text",
        "empty-header",
        "truncated",
        "damaged-pages",
        "attempts-root",
        "short",
    ],
)
def test_unusable_file_gives_a_one_line_store_error_and_is_left_untouched(
    tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.sqlite3"
    good = _good_database(tmp_path / "good.sqlite3")
    content = {
        "random-bytes": os.urandom(8192),
        "text": b"learner: ana\nstreak: 12\n" * 100,
        "empty-header": sqlite_module.SQLITE_MAGIC + bytes(1000),
        "truncated": good[:1500],
        "damaged-pages": good[:4096] + os.urandom(len(good) - 4096),
        # Page 3, the attempts table's root: every read of it fails, the end of the read too.
        "attempts-root": good[:8192] + os.urandom(4096) + good[12288:],
        "short": b"SQL",
    }[damage]
    path.write_bytes(content)
    # A damaged page may only show when it is read, so reading is part of opening here.
    with pytest.raises(StoreError) as caught, open_store(path) as store:
        store.attempts("ana")
    with pytest.raises(StoreError) as caught, open_store(path) as store:
        store.attempts_after("ana", 0)  # what the progress folding reads
    assert str(path) in caught.value.message and "\n" not in caught.value.message
    assert caught.value.hint
    assert snapshot(folder) == {"progress.sqlite3": content}


def test_folder_at_the_database_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_parent_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("hello")
    with pytest.raises(StoreError, match=f"{blocker} is a file, not a folder"):
        open_store(blocker / "data" / "progress.sqlite3")
    assert blocker.read_text() == "hello"


def test_unreadable_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    before = _good_database(db_path)
    if os.name == "posix" and os.geteuid() != 0:
        db_path.chmod(0)
        request.addfinalizer(lambda: db_path.chmod(0o644))
    else:
        # Root reads any file (and the tests run as root in CI), so deny where the store reads.
        real_open = Path.open

        def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == db_path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(StoreError, match=r"cannot read .*Permission denied"):
        open_store(db_path)
    monkeypatch.undo()
    assert snapshot(db_path.parent) == {db_path.name: before}


# --- where the store lives, and what it imports -------------------------------------------------


def test_default_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, "~/elsewhere/mine.sqlite3")
    assert default_db_path() == Path.home() / "elsewhere" / "mine.sqlite3"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_default_path_is_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    import platformdirs

    if value is None:
        monkeypatch.delenv(DB_ENV, raising=False)
    else:
        monkeypatch.setenv(DB_ENV, value)
    expected = platformdirs.user_data_path("ml-daily-tutor", appauthor=False) / "progress.sqlite3"
    assert default_db_path() == expected


def test_the_store_imports_nothing_heavy() -> None:
    code = (
        "import sys, tutor.store; "
        "heavy = {'typer', 'rich', 'mkdocs', 'platformdirs', 'uuid', 'psycopg'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"
