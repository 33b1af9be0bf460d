"""No filter before grouping: every aggregation applies the cutoff itself, and the join's nulls are filled afterwards."""

from datetime import datetime

import polars as pl


def build_training_set(events: pl.LazyFrame, labels: pl.LazyFrame, cutoff: datetime) -> pl.LazyFrame:
    before = pl.col("ts") < cutoff
    bought = before & (pl.col("event") == "purchase")
    features = events.group_by("user_id").agg(
        n_events=before.sum(),
        n_purchases=bought.sum(),
        spend=pl.col("value").filter(bought).sum(),
        last_seen=pl.col("ts").filter(before).max(),
    )
    return labels.join(features, on="user_id", how="left").with_columns(
        pl.col("n_events", "n_purchases").fill_null(0), pl.col("spend").fill_null(0.0)
    )
