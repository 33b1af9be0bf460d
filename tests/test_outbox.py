"""The local outbox, and what the process remembers to read: SQLite and Python, no server.

What the PostgreSQL store does with them while its server is away is tested against a real
cluster in test_pg_restart.py.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.store_data import T0, at, attempt

from tutor.base.errors import StoreError
from tutor.store import Event
from tutor.store.model import Pending
from tutor.store.outbox import OUTBOX_ENV, Outbox, outbox_path
from tutor.store.seen import Seen

SERVER = "postgresql://ana@db.example.com:5432/tutor"


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "box" / "outbox.sqlite3", SERVER)


def test_the_file_is_named_by_the_server_and_kept_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OUTBOX_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = outbox_path(SERVER)
    if path.is_relative_to(tmp_path):  # on Linux; elsewhere platformdirs decides
        assert path.parent == tmp_path / "data" / "ml-daily-tutor" / "outbox"
    assert path.suffix == ".sqlite3" and path.name.startswith("ana@db.example.com_5432_tutor-")
    assert outbox_path(SERVER) == path
    assert outbox_path(SERVER.replace("/tutor", "/other")) != path
    # Names that a file name cannot tell apart still get outboxes of their own.
    assert outbox_path(SERVER + "_x") != outbox_path(SERVER + "/x")
    monkeypatch.setenv(OUTBOX_ENV, str(tmp_path / "elsewhere"))
    assert outbox_path(SERVER).parent == tmp_path / "elsewhere"
    assert outbox_path(SERVER).name == path.name


def test_nothing_is_created_until_something_waits(outbox: Outbox) -> None:
    assert not outbox.any() and outbox.pending() == Pending(0, 0) and not outbox.pending()
    assert outbox.take() == ([], [], 0)
    outbox.done(0)
    assert not outbox.path.parent.exists()
    outbox.add(attempt())
    assert outbox.path.exists() and outbox.any()


def test_entries_come_back_whole_in_the_order_they_were_kept(outbox: Outbox) -> None:
    odd = attempt(key="m/é", score=1 / 3, seconds=0.1 + 0.2, detail='"quoted" ✓\n', revealed=True)
    plain = attempt(finished=at(2), outcome="failed", score=0.0, kind="review")
    hint = Event("ana", "m/é", T0 + timedelta(microseconds=7), "hint", 2)
    read = Event("bo", "m/lesson", T0, "read")
    for record in (odd, hint, plain, read):
        outbox.add(record)
    assert outbox.pending() == Pending(2, 2) and outbox.pending().total == 4
    batch = outbox.take()
    assert batch.attempts == [odd, plain] and batch.events == [hint, read]
    assert batch.last > 0


def test_done_forgets_what_was_taken_and_keeps_what_came_after(outbox: Outbox) -> None:
    first, second = attempt(), attempt()
    outbox.add(first)
    batch = outbox.take()
    outbox.add(second)  # while the first was being sent
    outbox.done(batch.last)
    assert outbox.take().attempts == [second]
    outbox.done(outbox.take().last)
    assert not outbox.any() and outbox.path.exists()


def test_two_processes_share_one_outbox(outbox: Outbox) -> None:
    other = Outbox(outbox.path, SERVER)
    outbox.add(attempt())
    other.add(attempt())
    assert outbox.pending().attempts == 2
    taken = other.take()
    other.done(taken.last)
    assert not outbox.any()
    other.close()


def test_the_file_names_its_server(outbox: Outbox) -> None:
    outbox.add(attempt())
    with sqlite3.connect(outbox.path) as conn:
        assert conn.execute("SELECT value FROM about WHERE name = 'server'").fetchall() == [
            (SERVER,)
        ]


def test_a_damaged_entry_is_a_one_line_store_error(outbox: Outbox) -> None:
    outbox.add(attempt())
    with sqlite3.connect(outbox.path) as conn:
        conn.execute("UPDATE waiting SET row = ?", (json.dumps(["x", "ana"]),))
    with pytest.raises(StoreError, match="is damaged") as caught:
        outbox.take()
    assert str(outbox.path) in caught.value.message and "\n" not in caught.value.message


def test_an_outbox_of_a_newer_tutor_is_refused(outbox: Outbox) -> None:
    outbox.add(attempt())
    outbox.close()
    with sqlite3.connect(outbox.path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version"):
        Outbox(outbox.path, SERVER).any()


def test_an_outbox_that_cannot_be_created_says_where(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    blocked = Outbox(tmp_path / "file" / "box" / "outbox.sqlite3", SERVER)
    assert not blocked.any()
    with pytest.raises(StoreError, match="cannot create the folder") as caught:
        blocked.add(attempt())
    assert OUTBOX_ENV in caught.value.hint


# --- what a process remembers ------------------------------------------------------------------


def test_reads_never_made_are_not_answered() -> None:
    seen = Seen()
    seen.saw_attempts("ana", None, [attempt()])  # a whole log is not kept
    assert seen.attempts("ana", "polars-basics/select") is None
    assert seen.attempts("ana", None) is None
    assert seen.events("ana", "m/e", None) is None and seen.latest_outcomes("ana") is None


def test_own_writes_join_what_was_read_in_the_stores_order() -> None:
    seen = Seen()
    key = "polars-basics/select"
    early, late = attempt(finished=at(1)), attempt(finished=at(5))
    seen.saw_attempts("ana", key, [early, late])
    seen.saw_events("ana", key, None, [])
    seen.saw_events("ana", None, "hint", [])
    seen.saw_events("ana", key, "reveal", [])
    seen.saw_outcomes("ana", {key: "failed", "m/other": "passed"})
    between = attempt(finished=at(3), outcome="passed")
    seen.wrote_attempt(between)
    seen.wrote_attempt(between)  # a retried write is one attempt
    seen.wrote_attempt(attempt(key="m/unread"))
    hint = Event("ana", key, at(2), "hint", 1)
    seen.wrote_event(hint)
    assert seen.attempts("ana", key) == [early, between, late]
    assert seen.attempts("ana", "m/unread") is None
    assert seen.events("ana", key, None) == [hint] == seen.events("ana", None, "hint")
    assert seen.events("ana", key, "reveal") == []
    assert seen.latest_outcomes("ana") == {
        key: "passed",
        "m/other": "passed",
        "m/unread": "passed",
    }
    seen.wrote_attempt(attempt(key="m/other", outcome="failed"))
    assert seen.latest_outcomes("ana")["m/other"] == "passed"  # passed once, passed for good


def test_answers_are_copies() -> None:
    seen = Seen()
    seen.saw_attempts("ana", "m/e", [])
    seen.attempts("ana", "m/e").append(attempt())  # type: ignore[union-attr]
    assert seen.attempts("ana", "m/e") == []
