"""Aggregates instead of ranking: arg_max picks the score of the latest earlier snapshot, max its time."""

import duckdb
import polars as pl

QUERY = """
    SELECT e.event_id, e.user_id, e.ts,
           arg_max(s.score, s.ts) AS score,
           max(s.ts) AS feature_ts
    FROM events AS e
    LEFT JOIN snapshots AS s
        ON s.user_id = e.user_id AND s.ts <= e.ts
    GROUP BY e.event_id, e.user_id, e.ts
    ORDER BY e.event_id
"""


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    return con.sql(QUERY).pl()
