"""The relational API: the values go into expressions (`duckdb.col(...) == value`), which DuckDB turns into constants itself."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    wanted = (duckdb.col("customer") == duckdb.ConstantExpression(customer)) & (
        duckdb.col("amount") >= duckdb.ConstantExpression(min_amount)
    )
    return con.table("orders").filter(wanted).order("ts, order_id").select("order_id, amount, ts").pl()
