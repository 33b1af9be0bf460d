"""A leakage-free training set, built as one lazy query."""

from datetime import datetime

import polars as pl


def build_training_set(
    events: pl.LazyFrame, labels: pl.LazyFrame, cutoff: datetime
) -> pl.LazyFrame:
    """Return a LazyFrame with one row per row of `labels` and features from `events`.

    Nothing is read here: the function only describes the query. When the caller
    collects it, the optimiser pushes the cutoff filter down into the scan of
    `events` and reads only the four columns used.
    """
    is_purchase = pl.col("event") == "purchase"
    features = (
        events.filter(pl.col("ts") < cutoff)
        .group_by("user_id")
        .agg(
            pl.len().alias("n_events"),
            is_purchase.sum().alias("n_purchases"),
            pl.col("value").filter(is_purchase).sum().alias("spend"),
            pl.col("ts").max().alias("last_seen"),
        )
    )
    return labels.join(features, on="user_id", how="left").with_columns(
        pl.col("n_events", "n_purchases", "spend").fill_null(0)
    )
