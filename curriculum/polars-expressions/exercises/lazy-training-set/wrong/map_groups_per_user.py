"""Builds each user's features with a Python function (map_groups) inside the lazy query instead of expressions."""

from datetime import datetime

import polars as pl

FEATURES = {
    "user_id": pl.Int64,
    "n_events": pl.Int64,
    "n_purchases": pl.Int64,
    "spend": pl.Float64,
    "last_seen": pl.Datetime("us"),
}


def one_user(group: pl.DataFrame) -> pl.DataFrame:
    purchases = group.filter(pl.col("event") == "purchase")
    return pl.DataFrame(
        {
            "user_id": [group["user_id"][0]],
            "n_events": [group.height],
            "n_purchases": [purchases.height],
            "spend": [float(purchases["value"].sum())],
            "last_seen": [group["ts"].max()],
        },
        schema=FEATURES,
    )


def build_training_set(events: pl.LazyFrame, labels: pl.LazyFrame, cutoff: datetime) -> pl.LazyFrame:
    features = events.filter(pl.col("ts") < cutoff).group_by("user_id").map_groups(one_user, schema=FEATURES)
    return labels.join(features, on="user_id", how="left").with_columns(
        pl.col("n_events", "n_purchases", "spend").fill_null(0)
    )
