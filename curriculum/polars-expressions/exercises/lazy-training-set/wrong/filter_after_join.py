"""Joins every event onto the labels first and filters by time afterwards: users with no event before the cutoff lose their row."""

from datetime import datetime

import polars as pl


def build_training_set(events: pl.LazyFrame, labels: pl.LazyFrame, cutoff: datetime) -> pl.LazyFrame:
    is_purchase = pl.col("event") == "purchase"
    return (
        labels.join(events, on="user_id", how="left")
        .filter(pl.col("ts") < cutoff)
        .group_by("user_id", "churned")
        .agg(
            pl.len().alias("n_events"),
            is_purchase.sum().alias("n_purchases"),
            pl.col("value").filter(is_purchase).sum().alias("spend"),
            pl.col("ts").max().alias("last_seen"),
        )
    )
