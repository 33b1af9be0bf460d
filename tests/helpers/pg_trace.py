"""Counting what a PostgreSQL client really sends: libpq's protocol trace of each connection.

Every connection the store opens through `psycopg.connect` while `round_trips()` is active is
traced by libpq itself (PQtrace), message by message. A round trip is one request cycle of the
protocol: the client ends what it sends with a Sync (or sends a simple Query) and waits for the
server's ReadyForQuery before it goes on. A pipeline of several statements is therefore one round
trip, and so is a query however many rows it returns. (Counting the turns from sent to received
lines instead would count a pipeline several times: the client reads early answers while it is
still sending, without waiting for them.) The connection's own start-up (startup packet,
authentication) happens before tracing starts and is counted as `connections`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any


@dataclass
class Trips:
    """What the traced connections did, filled in when `round_trips()` ends."""

    connections: int = 0
    round_trips: int = 0
    queries: list[str] = field(default_factory=list)  # the SQL sent, in order, for messages

    def __str__(self) -> str:
        return f"{self.connections} connection(s), {self.round_trips} round trip(s)"


def count(trace: str) -> tuple[int, list[str]]:
    """Round trips and queries in one connection's trace (timestamps suppressed)."""
    trips = 0
    queries = []
    for line in trace.splitlines():
        direction, _, rest = line.partition("\t")
        message = rest.split("\t", 2)  # length, type, content
        kind = message[1] if len(message) > 1 else ""
        if direction == "B" and kind == "ReadyForQuery":
            trips += 1
        elif direction == "F" and kind in ("Query", "Parse") and len(message) == 3:
            queries.append(message[2].strip())
    return trips, queries


@contextlib.contextmanager
def round_trips() -> Iterator[Trips]:
    """Trace every connection made by `psycopg.connect` inside the block; counts at the end.

    Read the counts after the block: libpq writes a closed connection's trace out in full.
    """
    import psycopg
    from psycopg import pq

    real_connect = psycopg.connect
    traced: list[tuple[Any, IO[str]]] = []
    trips = Trips()
    with contextlib.ExitStack() as files:

        def connect(*args: Any, **kwargs: Any) -> Any:
            conn = real_connect(*args, **kwargs)
            trace = files.enter_context(tempfile.TemporaryFile("w+", errors="replace"))
            # libpq owns the FILE it writes through: give it a descriptor of its own.
            conn.pgconn.trace(os.dup(trace.fileno()))
            conn.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
            traced.append((conn, trace))
            return conn

        psycopg.connect = connect  # type: ignore[assignment]
        try:
            yield trips
        finally:
            psycopg.connect = real_connect  # type: ignore[assignment]
        for conn, trace in traced:
            if not conn.closed:
                conn.pgconn.untrace()  # flushes what libpq still holds
            trace.seek(0)
            made, sent = count(trace.read())
            trips.connections += 1
            trips.round_trips += made
            trips.queries += sent
