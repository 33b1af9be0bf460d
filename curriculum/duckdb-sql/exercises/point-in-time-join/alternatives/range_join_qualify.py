"""Without ASOF: a LEFT JOIN on every earlier snapshot, then QUALIFY keeps each event's latest one."""

import duckdb
import polars as pl

QUERY = """
    SELECT e.event_id, e.user_id, e.ts, s.score, s.ts AS feature_ts
    FROM events AS e
    LEFT JOIN snapshots AS s
        ON s.user_id = e.user_id AND s.ts <= e.ts
    QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY s.ts DESC NULLS LAST) = 1
    ORDER BY e.event_id
"""


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    return con.sql(QUERY).pl()
