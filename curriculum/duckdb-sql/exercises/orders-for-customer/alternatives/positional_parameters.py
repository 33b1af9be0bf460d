"""Positional parameters: `?` markers in the SQL and the values in a list, in the same order."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    query = "SELECT order_id, amount, ts FROM orders WHERE customer = ? AND amount >= ? ORDER BY ts, order_id"
    return con.sql(query, params=[customer, min_amount]).pl()
