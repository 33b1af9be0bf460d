"""The DB-API form: `con.execute(query, params)`, fetched as pandas with `.df()` and converted with `pl.from_pandas`."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    cursor = con.execute(
        "SELECT order_id, amount, ts FROM orders WHERE customer = $customer AND amount >= $min_amount "
        "ORDER BY ts, order_id",
        {"customer": customer, "min_amount": min_amount},
    )
    return pl.from_pandas(cursor.df())
