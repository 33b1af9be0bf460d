"""Sums each customer's completed amounts with a Python function (map_batches) inside the aggregation."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    completed = pl.col("status") == "completed"
    amount = pl.col("amount").fill_nan(None)
    return (
        orders.group_by("customer")
        .agg(
            pl.len().alias("n_orders"),
            amount.filter(completed)
            .map_batches(lambda s: pl.Series([float(s.sum())]), return_dtype=pl.Float64, returns_scalar=True)
            .alias("revenue"),
            (pl.col("status") == "cancelled").mean().alias("cancel_rate"),
            amount.filter(completed).max().alias("largest_order"),
        )
        .sort("customer")
    )
