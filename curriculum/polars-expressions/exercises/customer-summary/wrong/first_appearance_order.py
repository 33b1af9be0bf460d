"""Keeps the customers in their order of first appearance (maintain_order=True) instead of sorting them."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    completed = pl.col("status") == "completed"
    return orders.with_columns(pl.col("amount").fill_nan(None)).group_by(
        "customer", maintain_order=True
    ).agg(
        pl.len().alias("n_orders"),
        pl.col("amount").filter(completed).sum().alias("revenue"),
        (pl.col("status") == "cancelled").mean().alias("cancel_rate"),
        pl.col("amount").filter(completed).max().alias("largest_order"),
    )
