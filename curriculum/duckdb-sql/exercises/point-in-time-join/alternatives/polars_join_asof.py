"""Polars' join_asof: both sides sorted by ts (it does not sort them itself), `by` for the user, then back in event_id order."""

import duckdb
import polars as pl


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    history = snapshots.with_columns(feature_ts=pl.col("ts")).sort("ts")
    return (
        events.sort("ts")
        .join_asof(history, on="ts", by="user_id", strategy="backward", check_sortedness=False)
        .select("event_id", "user_id", "ts", "score", "feature_ts")
        .sort("event_id")
    )
