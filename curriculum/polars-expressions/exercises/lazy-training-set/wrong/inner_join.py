"""Inner-joins the features onto the labels: labelled users without events before the cutoff disappear from the training set."""

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
    )
    return labels.join(features, on="user_id", how="inner")
