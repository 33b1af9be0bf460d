"""Calls `.pl()` on `con.execute(...)`, the 1.x habit: in duckdb 2.x the connection has no `.pl()`, only relations do."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    return con.execute(
        "SELECT order_id, amount, ts FROM orders WHERE customer = ? AND amount >= ? ORDER BY ts, order_id",
        [customer, min_amount],
    ).pl()
