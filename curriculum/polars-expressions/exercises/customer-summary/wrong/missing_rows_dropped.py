"""Drops the orders with a missing amount before grouping, so they no longer count in n_orders and cancel_rate."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    completed = pl.col("status") == "completed"
    return (
        orders.with_columns(pl.col("amount").fill_nan(None))
        .drop_nulls("amount")
        .group_by("customer")
        .agg(
            pl.len().alias("n_orders"),
            pl.col("amount").filter(completed).sum().alias("revenue"),
            (pl.col("status") == "cancelled").mean().alias("cancel_rate"),
            pl.col("amount").filter(completed).max().alias("largest_order"),
        )
        .sort("customer")
    )
