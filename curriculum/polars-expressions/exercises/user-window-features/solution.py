"""Per-user features on every row, with window expressions."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    """Return `events` with four new columns, keeping its rows in their input order.

    `.over("user_id")` evaluates an expression within each user's rows and maps
    the result back onto the original rows, so no join and no re-sorting is
    needed. `order_by="ts"` decides what "previous" and "first" mean inside
    each user without changing the order of the output.
    """
    return events.with_columns(
        user_total=pl.col("amount").sum().over("user_id"),
        share=(pl.col("amount") / pl.col("amount").sum()).over("user_id"),
        prev_amount=pl.col("amount").shift(1).over("user_id", order_by="ts"),
        event_number=pl.int_range(1, pl.len() + 1).over("user_id", order_by="ts"),
    )
