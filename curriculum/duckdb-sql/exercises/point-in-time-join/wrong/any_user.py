"""Forgets the equality on user_id: each event gets the latest snapshot of any user."""

import duckdb
import polars as pl

QUERY = """
    SELECT e.event_id, e.user_id, e.ts, s.score, s.ts AS feature_ts
    FROM events AS e
    ASOF LEFT JOIN snapshots AS s
        ON e.ts >= s.ts
    ORDER BY e.event_id
"""


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    return con.sql(QUERY).pl()
