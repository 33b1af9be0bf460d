"""The position as the ordinal rank of `ts` within the user, and `share` built on the `user_total` column in a second step."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    return events.with_columns(
        user_total=pl.sum("amount").over("user_id"),
        prev_amount=pl.col("amount").shift(1).over("user_id", order_by="ts"),
        event_number=pl.col("ts").rank("ordinal").over("user_id").cast(pl.Int64),
    ).with_columns(share=pl.col("amount") / pl.col("user_total")).select(
        *events.columns, "user_total", "share", "prev_amount", "event_number"
    )
