"""pytest fixtures for the PostgreSQL store: a server for the session, a fresh database per test.

The server is $TUTOR_TEST_POSTGRES_URL (a URL of a user allowed to create databases) when set,
else a throwaway cluster started here when PostgreSQL's initdb is installed. With neither, the
tests skip with the reason, except on CI (CI set), where they fail: CI must test both stores.

Tests that stop or restart the server take `restartable`: a database on the throwaway cluster
(started for them even when a URL is given: they need PostgreSQL's server programs), started
again after each test that left it stopped.

Test modules load them with `pytest_plugins = ["helpers.pg_fixtures"]`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
from helpers.pg_cluster import Cluster, cluster, find_bindir

URL_ENV = "TUTOR_TEST_POSTGRES_URL"


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _unavailable(reason: str) -> None:
    """Skip, or fail on CI, which must test both stores."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the PostgreSQL tests cannot run. {reason}", pytrace=False)
    pytest.skip(reason)


def _need_psycopg() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("PostgreSQL store tests need psycopg: pip install -e '.[postgres]'")


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> str:
    """The URL of a PostgreSQL user who may create databases."""
    _need_psycopg()
    configured = os.environ.get(URL_ENV, "").strip()
    if configured:
        return configured
    running: Cluster = request.getfixturevalue("pg_cluster")
    return running.url


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A URL of a new, empty database on the server, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"tutor_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL of a new, empty database, dropped after the test."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway cluster, which tests may stop and restart: `pg_server` too when no URL is
    given (tests run one at a time, and `restartable` starts it again after each)."""
    _need_psycopg()
    bindir = find_bindir()
    if bindir is None:
        _unavailable(
            f"PostgreSQL store tests need a server: set {URL_ENV} to the URL of a user who may"
            " create databases, or install PostgreSQL (apt-get install postgresql) so that a"
            " throwaway one is started (the restart tests always need it)"
        )
        return
    with cluster(bindir) as running:
        yield running


@pytest.fixture
def restartable(pg_cluster: Cluster) -> Iterator[tuple[Cluster, str]]:
    """The restartable cluster and a URL of a new database on it."""
    if not pg_cluster.running():
        pg_cluster.start()
    with fresh_database(pg_cluster.url) as url:
        try:
            yield pg_cluster, url
        finally:
            if not pg_cluster.running():  # the test stopped it: the database is dropped after
                pg_cluster.start()
