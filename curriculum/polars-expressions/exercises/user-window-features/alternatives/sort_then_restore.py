"""Sorts a lazy copy by user and time, computes the windows in that order, then restores the input order with a row index."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    return (
        events.lazy()
        .with_row_index("row")
        .sort("user_id", "ts")
        .with_columns(
            user_total=pl.col("amount").sum().over("user_id"),
            share=pl.col("amount") / pl.col("amount").sum().over("user_id"),
            prev_amount=pl.col("amount").shift(1).over("user_id"),
            event_number=pl.col("ts").cum_count().over("user_id"),
        )
        .sort("row")
        .drop("row")
        .collect()
    )
