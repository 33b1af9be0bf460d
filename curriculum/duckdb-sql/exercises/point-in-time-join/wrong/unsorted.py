"""Leaves out the ORDER BY: the rows come back in whatever order the join produced them, not by event_id."""

import duckdb
import polars as pl

QUERY = """
    SELECT e.event_id, e.user_id, e.ts, s.score, s.ts AS feature_ts
    FROM events AS e
    ASOF LEFT JOIN snapshots AS s
        ON e.user_id = s.user_id AND e.ts >= s.ts
"""


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    return con.sql(QUERY).pl()
