"""What only the PostgreSQL store has: URLs, a server that fails, a shared database, many tutors.

The behaviour both stores share is tested once, on both, in test_store.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from typer.testing import CliRunner

from tutor.base.errors import StoreError
from tutor.cli import app
from tutor.store import DB_ENV, MIGRATIONS, default_location, is_server_url, new_attempt, open_store

psycopg = pytest.importorskip("psycopg")

# The PostgreSQL server and a fresh database per test: pg_server, pg_url.
pytest_plugins = ["helpers.pg_fixtures"]

REPO = Path(__file__).resolve().parents[1]
CHILD = REPO / "tests" / "helpers" / "store_child.py"
SECRET = "Sw0rdfish-Tr0mbone"


def replace(url: str, **parts: Any) -> str:
    """The URL with some of user, password, host, port or path changed."""
    split = urlsplit(url)
    user = parts.get("user", split.username)
    password = parts.get("password", split.password)
    host = parts.get("host", split.hostname)
    port = parts.get("port", split.port)
    auth = user + (f":{password}" if password else "") + "@" if user else ""
    netloc = f"{auth}{host}" + (f":{port}" if port else "")
    return urlunsplit(split._replace(netloc=netloc, path=parts.get("path", split.path)))


def run_sql(url: str, statement: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def one_line_without(secret: str, error: StoreError) -> None:
    """The error is one line of message and one of hint, and the secret is in neither."""
    assert "\n" not in error.message and "\n" not in error.hint and error.hint
    for text in (error.message, error.hint, str(error), repr(error)):
        assert secret not in text


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe is closed


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word, like a hung server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


@pytest.fixture
def role_url(pg_url: str) -> Iterator[str]:
    """A URL of a role with a password (SECRET), owning the test database."""
    role = f"learner_{urlsplit(pg_url).path.strip('/')[-8:]}"
    run_sql(pg_url, f"CREATE ROLE {role} LOGIN PASSWORD '{SECRET}'")
    run_sql(pg_url, f"GRANT ALL ON SCHEMA public TO {role}")
    yield replace(pg_url, user=role, password=SECRET)
    run_sql(pg_url, f"DROP OWNED BY {role}; DROP ROLE {role}")


# --- a server that cannot be used ---------------------------------------------------------------


def test_a_server_that_is_down(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DB_RETRY_SECONDS", "0.2")  # how long it waits: test_pg_restart.py
    port = closed_port()
    with pytest.raises(StoreError) as caught:
        open_store(replace(pg_url, host="127.0.0.1", port=port))
    error = caught.value
    assert f"127.0.0.1:{port}" in error.message and "connection refused" in error.message
    assert "start the PostgreSQL server" in error.hint
    one_line_without(urlsplit(pg_url).password or SECRET, error)


def test_a_wrong_password_is_named_and_never_shown(role_url: str) -> None:
    wrong = replace(role_url, password="Wr0ng-" + SECRET)
    if (urlsplit(role_url).hostname or "").startswith("/"):
        pytest.skip("the server is reached by a socket that trusts every local user")
    try:
        open_store(wrong).close()
        pytest.skip("this server does not check passwords on loopback (trust), nothing to refuse")
    except StoreError as refused:
        error = refused
    assert "refused the password" in error.message and "learner_" in error.message
    assert "password" in error.hint
    one_line_without(SECRET, error)


def test_the_cli_shows_one_line_and_no_password(role_url: str, tutor_env: dict[str, str]) -> None:
    wrong = replace(role_url, password="Wr0ng-" + SECRET)
    result = CliRunner().invoke(app, ["--db", wrong, "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert SECRET not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "password" in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_server_that_does_not_answer_times_out(silent_server: int) -> None:
    url = f"postgresql://ana:{SECRET}@127.0.0.1:{silent_server}/tutor?connect_timeout=2"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "did not answer within 2 s" in caught.value.message
    assert f"127.0.0.1:{silent_server}" in caught.value.message
    one_line_without(SECRET, caught.value)


def test_a_missing_database(pg_url: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(replace(pg_url, path="/no_such_tutor_db"))
    assert "no database no_such_tutor_db" in caught.value.message
    assert "createdb no_such_tutor_db" in caught.value.hint


def test_a_password_with_an_unescaped_at_sign_is_not_split_and_shown() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://ana:pa@ss-word@127.0.0.1:1/tutor")
    one_line_without("ss-word", caught.value)
    assert "%40" in caught.value.hint


def test_an_open_store_names_the_server_without_the_password(role_url: str) -> None:
    with open_store(role_url) as store:
        assert SECRET not in store.path
        assert store.path.startswith("postgresql://learner_") and "@" in store.path
        outbox = store.outbox  # type: ignore[attr-defined]
        assert SECRET not in str(outbox) and outbox.name.startswith("learner_")


# --- sharing a database ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "setup",
    [
        "CREATE TABLE attempts (x INTEGER)",
        "CREATE TABLE schema_migrations (version VARCHAR PRIMARY KEY); "
        "INSERT INTO schema_migrations VALUES ('20240101000000')",
    ],
    ids=["a-table-named-attempts", "another-programs-ledger"],
)
def test_another_programs_tables_are_refused_and_untouched(pg_url: str, setup: str) -> None:
    run_sql(pg_url, setup)
    tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    before = run_sql(pg_url, tables)
    with pytest.raises(StoreError, match="tables of another program") as caught:
        open_store(pg_url)
    assert "database of its own" in caught.value.hint
    assert run_sql(pg_url, tables) == before


def test_other_tables_in_the_database_are_left_alone(pg_url: str) -> None:
    run_sql(pg_url, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')")
    with open_store(pg_url) as store:
        store.record(new_attempt(**ATTEMPT))
    assert run_sql(pg_url, "SELECT body FROM notes") == [("hello",)]


def test_migrations_apply_once(pg_url: str) -> None:
    from tutor.store.postgres import Server, migrate_postgres

    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert migrate_postgres(conn, Server(pg_url)) == len(MIGRATIONS)
        assert migrate_postgres(conn, Server(pg_url)) == 0


def test_opening_an_up_to_date_database_runs_no_migration(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.store import postgres

    open_store(pg_url).close()

    def no_migration(*args: object) -> int:
        raise AssertionError("migrate_postgres() ran on an up-to-date database")

    monkeypatch.setattr(postgres, "migrate_postgres", no_migration)
    for _ in range(3):
        open_store(pg_url).close()


@pytest.mark.slow
def test_many_tutors_starting_at_once_migrate_once(pg_url: str) -> None:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), pg_url, "--learner", f"t{n}", "--count", "1", "--wait"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        for n in range(12)
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        for child in children:
            _, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    ledger = run_sql(pg_url, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert ledger == [(n, m.name) for n, m in enumerate(MIGRATIONS, start=1)]
    assert run_sql(pg_url, "SELECT count(*) FROM store_info") == [(1,)]
    with open_store(pg_url) as store:
        assert store.learners() == sorted(f"t{n}" for n in range(12))


@pytest.mark.slow
def test_reading_after_a_position_misses_nothing_while_writers_of_one_learner_run(
    pg_url: str,
) -> None:
    # Several processes record for the same learner while this one reads incrementally, as the
    # derived cache does: every attempt must turn up exactly once, whatever order commits land.
    open_store(pg_url).close()
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), pg_url, "--learner", "child", "--count", "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        for _ in range(4)
    ]
    seen: list[str] = []
    position = 0
    with open_store(pg_url) as store:
        while any(child.poll() is None for child in children):
            found, position = store.attempts_after("child", position)
            seen += [a.id for a in found]
        found, position = store.attempts_after("child", position)
        seen += [a.id for a in found]
        stored = [a.id for a in store.attempts("child")]
    for child in children:
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    assert len(stored) == 600
    assert sorted(seen) == sorted(stored)


def test_reading_after_a_position_without_pipelines(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A libpq older than 14 has no pipeline mode: the same reads, in a plain transaction.
    with open_store(pg_url) as store:
        first = new_attempt(**ATTEMPT)
        store.record(first)
        with_pipeline = store.attempts_after("ana", 0)
        monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
        assert store.attempts_after("ana", 0) == with_pipeline == ([first], with_pipeline[1])
        store.record(second := new_attempt(**ATTEMPT))
        assert store.attempts_after("ana", with_pipeline[1])[0] == [second]


def test_a_whole_team_merged_at_once(pg_url: str) -> None:
    # More learners than BULK: one exclusive lock for the batch, not one per learner.
    from tutor.store import postgres

    team = [new_attempt(**{**ATTEMPT, "learner": f"l{n:03d}"}) for n in range(postgres.BULK * 4)]
    with open_store(pg_url) as store:
        assert store.merge(team, []) == (len(team), 0)
        assert len(store.learners()) == len(team)
        found, position = store.attempts_after("l007", 0)
        assert [a.learner for a in found] == ["l007"] and position > 0


# --- URLs and imports ---------------------------------------------------------------------------


ATTEMPT: dict[str, Any] = {
    "learner": "ana",
    "key": "m/e",
    "started": datetime(2025, 3, 10, tzinfo=UTC),
    "finished": datetime(2025, 3, 10, tzinfo=UTC),
    "outcome": "passed",
    "score": 1.0,
    "hints_used": 0,
    "seconds": 1.0,
}


def test_a_url_in_the_environment_is_kept_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://ana@db.example.com:5432/tutor"
    monkeypatch.setenv(DB_ENV, url)
    assert default_location() == url
    assert is_server_url(url) and is_server_url("postgres://x@y/z")
    assert not is_server_url(Path("postgresql:/x")) and not is_server_url("progress.sqlite3")


def test_the_short_scheme_works_too(pg_url: str) -> None:
    with open_store("postgres://" + pg_url.split("://", 1)[1]) as store:
        store.record(new_attempt(**ATTEMPT))
        assert len(store.attempts("ana")) == 1


def test_the_cli_imports_psycopg_only_for_a_url(tutor_env: dict[str, str]) -> None:
    code = "import sys; from tutor.cli import main; print('psycopg' in sys.modules)"
    env = {**os.environ, **tutor_env, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"
