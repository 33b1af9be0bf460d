"""Per-customer order summary with expressions."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    """Summarise `orders` into one row per customer, sorted by customer.

    NaN is a float value, not a missing value: aggregations skip nulls but not
    NaN (the sum of [1.0, NaN] is NaN). Turning NaN into null first makes every
    aggregation below treat both kinds of "missing" the same way.
    """
    completed = pl.col("status") == "completed"
    return (
        orders.with_columns(pl.col("amount").fill_nan(None))
        .group_by("customer")
        .agg(
            pl.len().alias("n_orders"),
            pl.col("amount").filter(completed).sum().alias("revenue"),
            (pl.col("status") == "cancelled").mean().alias("cancel_rate"),
            pl.col("amount").filter(completed).max().alias("largest_order"),
        )
        .sort("customer")  # group_by does not sort its groups (pandas' groupby does)
    )
