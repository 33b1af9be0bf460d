"""Conditional aggregations written with when/then: the amount where the order is completed, null elsewhere."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    paid = pl.when(pl.col("status") == "completed").then(pl.col("amount").fill_nan(None))
    return (
        orders.group_by("customer")
        .agg(
            n_orders=pl.len(),
            revenue=paid.sum(),
            cancel_rate=(pl.col("status") == "cancelled").sum() / pl.len(),
            largest_order=paid.max(),
        )
        .sort("customer")
    )
