"""Collects the events to compute the features eagerly and returns `.lazy()` of the result: the data is read before the caller asks for it."""

from datetime import datetime

import polars as pl


def build_training_set(events: pl.LazyFrame, labels: pl.LazyFrame, cutoff: datetime) -> pl.LazyFrame:
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
        .collect()
    )
    return labels.join(features.lazy(), on="user_id", how="left").with_columns(
        pl.col("n_events", "n_purchases", "spend").fill_null(0)
    )
