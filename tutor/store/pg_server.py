"""A PostgreSQL server as the learner sees it: its name without the password, and its failures
as one-line StoreErrors, told apart into the server being away and the server refusing.

Imported only when a postgresql:// URL is used, with psycopg.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

from tutor.base.errors import StoreError

URL_HINT = "fix the postgresql:// URL given with --db or TUTOR_DB"
# The server, or the way to it, is gone for now: a shutdown (57P01 admin, 57P02 crash), a start
# not finished (57P03), every connection slot taken (53300), a connection failure (class 08).
_AWAY_STATES = ("57P01", "57P02", "57P03", "57P05", "53300")
# What a server says when it answers but turns the connection down: waiting will not help.
_REFUSALS = ("authentication", "password", "does not exist", "pg_hba.conf", "permission denied")


class Server:
    """Where a URL points, for messages: never its password, which `scrub` removes from text."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._secrets = {s for s in (parts.password, unquote(parts.password or "")) if s}
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error:
            params = {}
        if params.get("password"):
            self._secrets.add(str(params["password"]))
        self.user = str(params.get("user") or os.environ.get("PGUSER") or _os_user())
        self.host = str(params.get("host") or os.environ.get("PGHOST") or "localhost")
        self.port = str(params.get("port") or os.environ.get("PGPORT") or 5432)
        self.database = str(params.get("dbname") or os.environ.get("PGDATABASE") or self.user)
        self.shown = f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


def _os_user() -> str:
    """libpq's default user name: the operating system's."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no passwd entry (some containers)
        return "(default user)"


def cause(server: Server, exc: BaseException) -> str:
    """The driver's message on one line, without the password."""
    text = " ".join(str(exc).replace("connection failed:", "").split())
    return server.scrub(text) or type(exc).__name__


def is_ours(exc: psycopg.Error) -> bool:
    """Errors that are this code's bug (bad SQL, a closed store), not the user's to fix."""
    if isinstance(exc, psycopg.InterfaceError):
        return True
    if not isinstance(exc, psycopg.ProgrammingError):
        return False
    # Class 42 is SQL that does not compile, bar 42501 (a privilege the user lacks); no code at
    # all is the driver refusing a call. A trigger's RAISE (P0001) is a ProgrammingError too.
    state = exc.sqlstate
    return state is None or (state.startswith("42") and state != "42501")


def is_away(exc: psycopg.Error) -> bool:
    """True when the server could not be reached or the connection broke: a restart, a network
    or VPN gone, a server not started. Waiting and connecting again may help; a server that
    answered with an error (a lock timeout, a refused password, a missing privilege) will not."""
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    if state is not None:
        return state.startswith("08") or state in _AWAY_STATES
    # No code: libpq's own failure (refused, timed out, closed, lost), or a start-up message the
    # server sent before any session existed, which says "starting up" or why it refuses.
    text = str(exc)
    return not any(word in text for word in _REFUSALS)


def connect_error(server: Server, exc: psycopg.Error, timeout: int) -> StoreError:
    """Why a connection failed, on one line: which server, what failed, what to do."""
    text = str(exc)
    head = f"cannot open the progress database at {server.shown}"
    if isinstance(exc, errors.ConnectionTimeout) or "timeout expired" in text:
        return StoreError(
            f"{head}: the server did not answer within {timeout} s",
            hint="check the host name and port, your network or VPN, and that the server is up",
        )
    if "Connection refused" in text:
        return StoreError(
            f"{head}: nothing accepts connections there (connection refused)",
            hint="start the PostgreSQL server, or fix the host and port in the URL",
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return StoreError(
            f"{head}: the server refused the password of user {server.user}",
            hint="check the user and password in the URL (--db or TUTOR_DB) or in ~/.pgpass",
        )
    if "resolve host" in text or "translate host name" in text:
        return StoreError(
            f"{head}: unknown host {server.host}",
            hint="check the host name in the URL, and your network or VPN",
        )
    if "does not exist" in text and f'database "{server.database}"' in text:
        return StoreError(
            f"{head}: the server has no database {server.database}",
            hint=f"ask its administrator to create it (createdb {server.database}), or {URL_HINT}",
        )
    return StoreError(f"{head}: {cause(server, exc)}", hint=URL_HINT)


def server_error(server: Server, exc: psycopg.Error, action: str) -> StoreError:
    """A failure after connecting, on one line."""
    head = f"cannot {action} the progress database at {server.shown}"
    if isinstance(exc, errors.LockNotAvailable):
        return StoreError(
            f"{head}: another process kept it locked",
            hint="close other tutor sessions writing as you, then try again",
        )
    if isinstance(exc, errors.InsufficientPrivilege):
        return StoreError(
            f"{head}: user {server.user} lacks a privilege ({cause(server, exc)})",
            hint="ask the server's administrator to grant the user access to the tutor's tables",
        )
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(
            f"{head}: the connection failed ({cause(server, exc)})",
            hint="check that the server is up and reachable, then run again",
        )
    return StoreError(f"{head}: {cause(server, exc)}", hint="ask the server's administrator")
