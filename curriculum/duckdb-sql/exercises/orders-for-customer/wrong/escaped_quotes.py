"""Doubles the quotes in the name and formats it into the SQL text: it survives O'Brien, but it is still string formatting, not a parameter."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    quoted = "'" + customer.replace("'", "''") + "'"
    return con.sql(
        f"SELECT order_id, amount, ts FROM orders WHERE customer = {quoted} AND amount >= $min_amount "
        "ORDER BY ts, order_id",
        params={"min_amount": min_amount},
    ).pl()
