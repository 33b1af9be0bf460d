"""Compares `amount > min_amount`: an order of exactly min_amount is left out."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    return con.sql(
        "SELECT order_id, amount, ts FROM orders WHERE customer = $customer AND amount > $min_amount "
        "ORDER BY ts, order_id",
        params={"customer": customer, "min_amount": min_amount},
    ).pl()
