"""Fills missing amounts with 0.0: a customer without any known completed amount gets largest_order 0.0 instead of null."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    completed = pl.col("status") == "completed"
    return (
        orders.with_columns(pl.col("amount").fill_nan(0.0).fill_null(0.0))
        .group_by("customer")
        .agg(
            pl.len().alias("n_orders"),
            pl.col("amount").filter(completed).sum().alias("revenue"),
            (pl.col("status") == "cancelled").mean().alias("cancel_rate"),
            pl.col("amount").filter(completed).max().alias("largest_order"),
        )
        .sort("customer")
    )
