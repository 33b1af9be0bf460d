"""The PostgreSQL store when its server goes away: restarted, stopped for longer, or a tutor
killed while attempts wait in its outbox. Against a real throwaway cluster that the tests stop
and start (`restartable`, in helpers/pg_fixtures.py), with tutor processes recording meanwhile.

Nothing here measures time: deadlines only keep a hung test from hanging the run.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.pg_cluster import Cluster
from helpers.store_data import T0, at, attempt
from typer.testing import CliRunner

from tutor.base.errors import StoreError
from tutor.cli import app
from tutor.store import Event, ProgressStore, open_store
from tutor.store.model import OfflineError
from tutor.store.outbox import OUTBOX_ENV
from tutor.store.resilient import RETRY_ENV

psycopg = pytest.importorskip("psycopg")

pytest_plugins = ["helpers.pg_fixtures"]

REPO = Path(__file__).resolve().parents[1]
RECORDER = REPO / "tests" / "helpers" / "pg_recorder.py"
PATIENCE = 90.0  # seconds before a test gives up waiting: liveness only, never a measurement


def run_sql(url: str, statement: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def stored_ids(url: str, learner: str = "child") -> list[str]:
    """The learner's attempt ids in the order the server recorded them."""
    rows = run_sql(url, f"SELECT id FROM attempts WHERE learner = '{learner}' ORDER BY pos")
    return [row[0] for row in rows]


def stored_hints(url: str, learner: str = "child") -> list[int]:
    rows = run_sql(url, f"SELECT value FROM events WHERE learner = '{learner}' ORDER BY seq")
    return [row[0] for row in rows]


def wait_until(done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not done():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


@pytest.fixture(autouse=True)
def outbox_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every outbox in the test's folder, and a short wait for a server that stays away."""
    folder = tmp_path / "outbox"
    monkeypatch.setenv(OUTBOX_ENV, str(folder))
    monkeypatch.setenv(RETRY_ENV, "0.5")
    return folder


class Recorder:
    """A tutor process (helpers/pg_recorder.py) recording, its lines read as they come."""

    def __init__(self, url: str, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
        self.process = subprocess.Popen(
            [sys.executable, str(RECORDER), url, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[list[str]] = []
        self._errors: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._read_errors, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.endswith("\n"):  # a line torn by a kill was not acknowledged
                self.lines.append(line.split())

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        self._errors.extend(self.process.stderr)

    def count(self, kind: str = "a", state: str | None = None) -> int:
        return sum(1 for x in list(self.lines) if x[0] == kind and state in (None, x[-1]))

    def wait_for(self, count: int, kind: str = "a", state: str | None = None) -> None:
        def enough() -> bool:
            assert self.process.poll() is None or self.count(kind, state) >= count, self.stderr()
            return self.count(kind, state) >= count

        wait_until(enough, f"{count} lines {kind} {state or ''} from the recorder")

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self) -> str:
        """Stop after the attempt in hand; its stderr."""
        self.send("stop")
        return self.wait()

    def wait(self) -> str:
        """Wait for the process to end and its output to be read; its stderr."""
        self.process.wait(timeout=PATIENCE)
        for reader in self._readers:
            reader.join(timeout=PATIENCE)
        assert self.process.returncode == 0, self.stderr()
        return self.stderr()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=PATIENCE)
        for reader in self._readers:
            reader.join(timeout=PATIENCE)

    def stderr(self) -> str:
        return "".join(self._errors)

    def acknowledged(self, kind: str = "a") -> list[str]:
        return [x[1] for x in self.lines if x[0] == kind]


@pytest.fixture
def recorders() -> Iterator[list[Recorder]]:
    started: list[Recorder] = []
    yield started
    for recorder in started:
        if recorder.process.poll() is None:
            recorder.process.kill()
        recorder.process.wait()
        for stream in (recorder.process.stdin, recorder.process.stdout, recorder.process.stderr):
            if stream is not None:
                stream.close()


# --- a restart while a process records ----------------------------------------------------------


@pytest.mark.slow
def test_a_restart_while_a_process_records_loses_and_doubles_nothing(
    restartable: tuple[Cluster, str], recorders: list[Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster, url = restartable
    monkeypatch.setenv(RETRY_ENV, "30")  # longer than any restart: every write waits it out
    open_store(url).close()
    recorder = Recorder(url, "--events", "--reads", "--every", "0.005")
    recorders.append(recorder)
    recorder.wait_for(20)
    for _ in range(2):
        before = recorder.count()
        cluster.restart("fast")
        recorder.wait_for(before + 20)  # recording goes on after the restart
    err = recorder.finish()
    assert err == ""  # no driver warning, no error: nothing on stderr at all
    acknowledged = recorder.acknowledged()
    assert recorder.count("a", "queued") == 0
    assert stored_ids(url) == acknowledged
    hints = [int(n) for n in recorder.acknowledged("e")]
    assert stored_hints(url) == hints == list(range(len(hints)))


# --- a server away for longer ------------------------------------------------------------------


@pytest.mark.slow
def test_attempts_wait_in_the_outbox_and_arrive_in_order_once_even_with_several_senders(
    restartable: tuple[Cluster, str], recorders: list[Recorder], outbox_dir: Path
) -> None:
    cluster, url = restartable
    open_store(url).close()
    recorder = Recorder(url, "--events", "--every", "0.005")
    # Processes that only open the store, which sends the outbox: released all at once, when
    # the server is back, beside the recorder sending it too.
    senders = [Recorder(url, "--drain", "--wait") for _ in range(2)]
    recorders.extend([recorder, *senders])
    for sender in senders:
        wait_until(lambda s=sender: s.count("ready") == 1, "a sender ready")  # type: ignore[misc]
    recorder.wait_for(10, state="sent")
    cluster.stop("fast")
    recorder.wait_for(30, state="queued")
    cluster.start()
    for sender in senders:
        sender.send("go")
    queued = recorder.count()
    recorder.wait_for(queued + 10, state="sent")
    err = recorder.finish()
    assert err == ""
    for sender in senders:
        assert sender.wait() == ""
    assert stored_ids(url) == recorder.acknowledged()
    assert stored_hints(url) == [int(n) for n in recorder.acknowledged("e")]
    assert sorted(stored_hints(url)) == list(range(recorder.count("e")))
    with open_store(url) as store:
        assert not store.pending() and not store.offline
    assert list(outbox_dir.iterdir())  # the outbox was used


@pytest.mark.slow
def test_a_tutor_killed_with_attempts_in_its_outbox_leaves_them_to_the_next_command(
    restartable: tuple[Cluster, str],
    recorders: list[Recorder],
    tutor_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cluster, url = restartable
    open_store(url).close()
    recorder = Recorder(url, "--every", "0.002")
    recorders.append(recorder)
    recorder.wait_for(5, state="sent")
    cluster.stop("fast")
    recorder.wait_for(20, state="queued")
    recorder.kill()
    cluster.start()
    acknowledged = recorder.acknowledged()
    assert len(set(stored_ids(url))) < len(acknowledged)
    # The next command, whatever it is, opens the store, which sends what waits.
    monkeypatch.setenv("TUTOR_DB", url)
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    stored = stored_ids(url)
    assert len(stored) == len(set(stored))  # once each
    # In the order acknowledged; the attempt in hand at the kill may be stored, unprinted.
    assert stored[: len(acknowledged)] == acknowledged and len(stored) - len(acknowledged) <= 1
    with open_store(url) as store:
        assert not store.pending()


# --- in this process: what the application sees ------------------------------------------------


def test_while_the_server_is_away_writes_wait_and_known_reads_are_answered(
    restartable: tuple[Cluster, str],
) -> None:
    cluster, url = restartable
    key = "polars-basics/select"
    store = open_store(url)
    try:
        store.record(first := attempt())
        store.record_event(Event("ana", key, T0, "start"))
        assert store.attempts("ana", key) == [first] and len(store.events("ana", key)) == 1
        assert store.latest_outcomes("ana") == {key: "passed"}
        cluster.stop("fast")
        # Writes are kept in the outbox, and say so.
        store.record_event(hint := Event("ana", key, T0, "hint", 1))
        assert store.offline and store.pending() == (0, 1)
        store.record(second := attempt(outcome="failed"))
        assert store.offline and store.pending() == (1, 1)
        # Reads made before are answered with this process's writes since; others fail.
        assert store.attempts("ana", key) == [first, second]
        assert [e.kind for e in store.events("ana", key)] == ["start", "hint"]
        assert store.latest_outcomes("ana") == {key: "passed"}
        with pytest.raises(OfflineError) as caught:
            store.attempts("ana", "m/other")
        error = caught.value
        assert isinstance(error, StoreError) and "cannot be reached" in error.message
        assert "1 attempt and 1 event wait in" in error.hint and str(store.outbox) in error.hint
        assert "\n" not in error.message + error.hint
        for read in (store.learners, lambda: store.attempts_after("ana", 0)):
            with pytest.raises(OfflineError):
                read()
        with pytest.raises(OfflineError):
            store.merge([attempt()], [])  # only a learner's own live writes are kept

        # Stopped with Ctrl-C while it waits for the server, it keeps the attempt all the same.
        def interrupted(seconds: float) -> None:
            raise KeyboardInterrupt

        store._link._sleep = interrupted  # type: ignore[attr-defined]
        store._link.offline = False  # type: ignore[attr-defined]  # so that it waits again
        with pytest.raises(KeyboardInterrupt):
            store.record(third := attempt(outcome="skipped"))
        assert store.pending() == (2, 1)
        # A command started now cannot open the store, and says what waits.
        with pytest.raises(StoreError, match="connection refused") as refused:
            open_store(url)
        assert "2 attempts and 1 event wait in" in refused.value.hint
        cluster.start()
        # The next operation that reaches the server sends what waits first.
        assert store.learners() == ["ana"]
        assert not store.offline and not store.pending()
        assert store.attempts("ana") == [first, second, third]
        assert store.events("ana", key) == [Event("ana", key, T0, "start"), hint]
    finally:
        store.close()


def test_what_is_sent_twice_is_stored_once(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two processes sending the same outbox, or one killed after the server committed and
    # before it forgot what it sent: the entries reach the server twice.
    from tutor.store.outbox import Outbox

    with open_store(pg_url) as first, open_store(pg_url) as second:
        box = Outbox(first.outbox, first.path)  # type: ignore[attr-defined]
        waiting = [attempt(), attempt(finished=at(2)), attempt(learner="bo")]
        events = [Event("ana", "m/e", T0, "hint", 1), Event("bo", "m/e", T0, "start")]
        for record in (*waiting, *events):
            box.add(record)
        with monkeypatch.context() as killed:
            killed.setattr(Outbox, "done", lambda self, last: None)
            assert first.learners() == ["ana", "bo"]  # sent before the read
        assert box.pending() == (3, 2)
        assert second.learners() == ["ana", "bo"]  # sent again
        assert not box.pending() and not first.pending()
        assert [a.id for a in second.attempts("ana")] == [a.id for a in waiting[:2]]
        assert second.attempts("bo") == [waiting[2]]
        assert second.events("ana") + second.events("bo") == events
        assert stored_positions_follow(pg_url, [a.id for a in waiting])
        box.close()


def stored_positions_follow(url: str, ids: list[str]) -> bool:
    """The attempts were given positions in this order."""
    rows = run_sql(url, "SELECT id FROM attempts ORDER BY pos")
    return [row[0] for row in rows] == ids


def backend_pids(url: str) -> list[int]:
    """The server processes of the store's connections to this database."""
    rows = run_sql(
        url,
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'ml-daily-tutor'"
        " AND datname = current_database()",
    )
    return [row[0] for row in rows]


def end_connections(url: str) -> None:
    pids = backend_pids(url)
    assert pids
    for pid in pids:
        run_sql(url, f"SELECT pg_terminate_backend({pid}, 10000)")


def test_a_connection_the_server_ended_is_made_again_without_a_word(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="psycopg")
    with open_store(pg_url) as store:
        made = [attempt(), attempt()]
        steps: list[Callable[[ProgressStore], object]] = [
            lambda s: s.record(made[0]),
            lambda s: s.record_event(Event("ana", "m/e", T0, "hint", 1)),
            lambda s: s.attempts_after("ana", 0),  # a pipeline
            lambda s: s.merge([made[1], attempt()], [Event("ana", "m/e", T0, "hint", 2)]),
            lambda s: s.learners(),
        ]
        for step in steps:
            end_connections(pg_url)
            step(store)
            assert not store.offline
        assert store.attempts("ana")[:2] == made
        assert [e.value for e in store.events("ana")] == [1, 2]
    noise = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert noise == [], [r.getMessage() for r in noise]


def test_a_connection_ended_in_the_middle_of_a_write_is_made_again_without_a_word(
    pg_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server ends the session after the transaction began and took its locks, just before
    # the inserts are sent: a batch goes into a pipeline on a dead connection.
    from tutor.store import postgres

    caplog.set_level(logging.DEBUG, logger="psycopg")
    real = postgres._PostgresWriter.insert_many
    calls: list[int] = []

    def insert_many(writer: Any, sql: str, rows: Any) -> int:
        if not writer.again:  # each write's first run, not its retry
            end_connections(pg_url)
        calls.append(len(rows))
        return real(writer, sql, rows)

    monkeypatch.setattr(postgres._PostgresWriter, "insert_many", insert_many)
    with open_store(pg_url) as store:
        made = [attempt(), attempt(), attempt()]
        assert store.merge(made[:2], []) == (2, 0)
        store.record(made[2])
        assert calls == [2, 2, 1, 1] and not store.offline
        assert sorted(a.id for a in store.attempts("ana")) == sorted(a.id for a in made)
    noise = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert noise == [], [r.getMessage() for r in noise]


def test_a_write_whose_acknowledgement_was_lost_is_not_doubled(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.store import postgres

    real = postgres.transaction
    lost: list[bool] = []

    class AckLost:
        """The transaction commits, then the connection breaks before the answer arrives."""

        def __init__(self, conn: Any) -> None:
            self.conn = conn
            self.block = real(conn)

        def __enter__(self) -> Any:
            return self.block.__enter__()

        def __exit__(self, *exc: Any) -> None:
            self.block.__exit__(*exc)
            if exc[0] is None and not lost:
                lost.append(True)
                self.conn.close()
                raise psycopg.OperationalError("server closed the connection unexpectedly")

    recorded, merged = attempt(), attempt()
    writes: list[Callable[[ProgressStore], object]] = [
        lambda s: s.record(recorded),
        lambda s: s.record_event(Event("ana", "m/e", T0, "reveal")),
        lambda s: s.merge([merged], [Event("ana", "m/e", T0, "hint", 1)]),
    ]
    with open_store(pg_url) as store:
        monkeypatch.setattr(postgres, "transaction", AckLost)
        for write in writes:
            lost.clear()
            write(store)
            assert lost and not store.offline  # the answer was lost, and the write retried
        monkeypatch.undo()
        assert store.attempts("ana") == sorted([recorded, merged], key=lambda a: a.finished)
        assert [e.kind for e in store.events("ana")] == ["reveal", "hint"]


def test_the_wait_for_a_server_is_bounded_and_configurable(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = f"postgresql://ana@127.0.0.1:{port}/tutor"
    tries: list[str] = []
    real = psycopg.connect

    def counted(*args: Any, **kwargs: Any) -> Any:
        tries.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(psycopg, "connect", counted)
    monkeypatch.setenv(RETRY_ENV, "0")
    with pytest.raises(StoreError, match="connection refused"):
        open_store(down)
    assert len(tries) == 1
    tries.clear()
    monkeypatch.setenv(RETRY_ENV, "0.4")
    with pytest.raises(StoreError, match="connection refused"):
        open_store(down)
    assert len(tries) > 1  # it kept trying for a while, then gave up
    monkeypatch.setenv(RETRY_ENV, "soon")
    with pytest.raises(StoreError, match=RETRY_ENV) as caught:
        open_store(pg_url)
    assert "\n" not in caught.value.message


def test_a_session_says_once_that_it_works_offline_and_progress_says_what_waits(
    restartable: tuple[Cluster, str], tutor_env: dict[str, str], mini: Path
) -> None:
    from test_session import Typed

    from tutor.app.application import App
    from tutor.app.settings import Config, save_config
    from tutor.terminal import session
    from tutor.terminal.render import Screen, new_console

    cluster, url = restartable
    text = io.StringIO()
    console = new_console(file=text, width=100, color_system=None)
    screen = Screen(console, console)
    save_config(Config(name="Ana", handle="ana", budget=30), Path(tutor_env["TUTOR_CONFIG"]))
    with App(mini, url) as tutor:
        pick = tutor.exercise("alpha/pick")
        tutor.remember(tutor.day_plan().remaining)  # as `tutor today` does before its session
        session.practice(tutor, screen, Typed("2\n"), pick)  # recorded on the server
        assert "offline" not in text.getvalue()
        cluster.stop("fast")
        session.practice(tutor, screen, Typed("1\n"), pick)
        session.practice(tutor, screen, Typed("?\n2\n"), pick)
        said = text.getvalue()
        assert said.count("Working offline") == 1, said
        # Each try: its start and its attempt, kept once (alpha/pick has no hint to record).
        assert "1 attempt and 1 event wait on this machine" in " ".join(said.split())
        assert tutor.waiting() == (2, 2)
        screen.waiting(tutor.waiting())
        assert "2 attempts and 2 events wait to be sent" in " ".join(text.getvalue().split())
    # A command while the server is away cannot read the log: one line, saying what waits.
    runner = CliRunner()
    env = {"TUTOR_DB": url}
    away = runner.invoke(app, ["progress"], env=env)
    assert away.exit_code != 0 and "Traceback" not in away.output
    assert "2 attempts and 2 events wait in" in " ".join(away.output.split())
    cluster.start()
    back = runner.invoke(app, ["progress", "--json"], env=env)
    assert back.exit_code == 0, back.output
    assert json.loads(back.output)["waiting"] == {"attempts": 0, "events": 0}
    assert len(stored_ids(url, "ana")) == 3
