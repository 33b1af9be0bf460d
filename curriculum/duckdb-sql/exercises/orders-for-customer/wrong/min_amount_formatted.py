"""Passes the name as a parameter but formats min_amount into the SQL text: float("-inf") becomes `-inf`, which DuckDB reads as a column name."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    return con.sql(
        f"SELECT order_id, amount, ts FROM orders WHERE customer = $customer AND amount >= {min_amount} "
        "ORDER BY ts, order_id",
        params={"customer": customer},
    ).pl()
