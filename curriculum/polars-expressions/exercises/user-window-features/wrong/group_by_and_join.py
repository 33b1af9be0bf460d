"""Computes the user's total with group_by and joins it back (pandas' merge habit) instead of a window."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    totals = events.group_by("user_id").agg(user_total=pl.col("amount").sum())
    return events.join(totals, on="user_id", how="left", maintain_order="left").with_columns(
        share=pl.col("amount") / pl.col("user_total"),
        prev_amount=pl.col("amount").shift(1).over("user_id", order_by="ts"),
        event_number=pl.int_range(1, pl.len() + 1).over("user_id", order_by="ts"),
    )
