"""Left-joins the earlier events onto the labels, then groups by user: counting non-null timestamps gives 0 for users without events."""

from datetime import datetime

import polars as pl


def build_training_set(events: pl.LazyFrame, labels: pl.LazyFrame, cutoff: datetime) -> pl.LazyFrame:
    is_purchase = pl.col("event") == "purchase"
    return (
        labels.join(events.filter(pl.col("ts") < cutoff), on="user_id", how="left")
        .group_by("user_id")
        .agg(
            pl.col("churned").first(),
            pl.col("ts").count().alias("n_events"),
            is_purchase.sum().alias("n_purchases"),
            pl.col("value").filter(is_purchase).sum().alias("spend"),
            pl.col("ts").max().alias("last_seen"),
        )
    )
