"""Sorts the frame by user and time to compute the windows, and returns the rows in that new order."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    return events.sort("user_id", "ts").with_columns(
        user_total=pl.col("amount").sum().over("user_id"),
        share=(pl.col("amount") / pl.col("amount").sum()).over("user_id"),
        prev_amount=pl.col("amount").shift(1).over("user_id"),
        event_number=pl.int_range(1, pl.len() + 1).over("user_id"),
    )
