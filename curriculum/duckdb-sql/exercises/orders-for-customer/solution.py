"""Look up one customer's orders with a parameterised query."""

import duckdb
import polars as pl

QUERY = """
    SELECT order_id, amount, ts
    FROM orders
    WHERE customer = $customer AND amount >= $min_amount
    ORDER BY ts, order_id
"""


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    """Return the orders of `customer` whose amount is at least `min_amount`, as a Polars DataFrame.

    The values travel next to the SQL text as parameters, so a name such as O'Brien (or a
    malicious one) is only ever compared, never parsed. `con.sql(...)` gives a relation, and
    `.pl()` runs it and returns Polars (the connection's `execute` has no `.pl()` in duckdb 2.x).
    """
    params = {"customer": customer, "min_amount": min_amount}
    return con.sql(QUERY, params=params).pl()
