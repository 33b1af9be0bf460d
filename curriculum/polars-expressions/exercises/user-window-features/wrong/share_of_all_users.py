"""Divides each amount by the total of all users: the sum in `share` has no `.over`, so it covers the whole column."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    return events.with_columns(
        user_total=pl.col("amount").sum().over("user_id"),
        share=pl.col("amount") / pl.col("amount").sum(),
        prev_amount=pl.col("amount").shift(1).over("user_id", order_by="ts"),
        event_number=pl.int_range(1, pl.len() + 1).over("user_id", order_by="ts"),
    )
