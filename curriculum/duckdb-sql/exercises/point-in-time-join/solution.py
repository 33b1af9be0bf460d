"""Point-in-time features with an ASOF join."""

import duckdb
import polars as pl

QUERY = """
    SELECT e.event_id, e.user_id, e.ts, s.score, s.ts AS feature_ts
    FROM events AS e
    ASOF LEFT JOIN snapshots AS s
        ON e.user_id = s.user_id AND e.ts >= s.ts
    ORDER BY e.event_id
"""


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    """Attach to every event the feature value its user had at the time of the event.

    ASOF matches each event with the one snapshot of the same user (the equality condition)
    whose ts is the greatest one <= the event's ts (the inequality). LEFT keeps the events that
    have no such snapshot. Neither side needs to be sorted first.
    """
    return con.sql(QUERY).pl()
