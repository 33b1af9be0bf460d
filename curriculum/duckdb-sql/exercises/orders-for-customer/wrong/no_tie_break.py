"""Sorts by ts alone: orders placed at the same instant come back in whatever order the table holds them."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    return con.sql(
        "SELECT order_id, amount, ts FROM orders WHERE customer = $customer AND amount >= $min_amount "
        "ORDER BY ts",
        params={"customer": customer, "min_amount": min_amount},
    ).pl()
