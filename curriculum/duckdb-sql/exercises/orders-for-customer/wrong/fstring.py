"""Formats the name into the SQL text with an f-string: O'Brien ends the string literal, and a crafted name runs as SQL."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    return con.sql(
        f"""
        SELECT order_id, amount, ts FROM orders
        WHERE customer = '{customer}' AND amount >= {min_amount}
        ORDER BY ts, order_id
        """
    ).pl()
