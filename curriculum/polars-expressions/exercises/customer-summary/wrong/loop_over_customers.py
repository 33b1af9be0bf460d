"""Loops over the customers in Python (partition_by) and builds the summary one row at a time."""

import math

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for (customer,), group in sorted(orders.partition_by("customer", as_dict=True).items()):
        paid = [
            amount
            for amount, status in group.select("amount", "status").iter_rows()
            if status == "completed" and amount is not None and not math.isnan(amount)
        ]
        cancelled = group.filter(pl.col("status") == "cancelled").height
        rows.append((customer, group.height, float(sum(paid)), cancelled / group.height, max(paid, default=None)))
    return pl.DataFrame(
        rows,
        schema={
            "customer": pl.String,
            "n_orders": pl.Int64,
            "revenue": pl.Float64,
            "cancel_rate": pl.Float64,
            "largest_order": pl.Float64,
        },
        orient="row",
    )
