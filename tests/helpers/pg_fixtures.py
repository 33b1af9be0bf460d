"""pytest fixtures for the PostgreSQL store: a server for the session, a fresh database per test.

The server is $TUTOR_TEST_POSTGRES_URL (a URL of a user allowed to create databases) when set,
else a throwaway cluster started here when PostgreSQL's initdb is installed. With neither, the
tests skip with the reason, except on CI (CI set), where they fail: CI must test both stores.

Test modules load them with `pytest_plugins = ["helpers.pg_fixtures"]`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from helpers.pg_cluster import find_bindir, throwaway_cluster

URL_ENV = "TUTOR_TEST_POSTGRES_URL"


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL user who may create databases."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "PostgreSQL store tests need psycopg: pip install -e '.[postgres]'"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but psycopg is missing. {reason}", pytrace=False)
        pytest.skip(reason)
    configured = os.environ.get(URL_ENV, "").strip()
    if configured:
        yield configured
        return
    bindir = find_bindir()
    if bindir is None:
        reason = (
            f"PostgreSQL store tests need a server: set {URL_ENV} to the URL of a user who may"
            " create databases, or install PostgreSQL (apt-get install postgresql) so that a"
            " throwaway one is started"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but no PostgreSQL is available. {reason}", pytrace=False)
        pytest.skip(reason)
    with throwaway_cluster(bindir) as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL of a new, empty database, dropped after the test."""
    import psycopg
    from psycopg import sql

    name = f"tutor_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
