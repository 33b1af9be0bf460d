"""Look up one customer's orders with a parameterised query."""

import duckdb
import polars as pl


def orders_for(con: duckdb.DuckDBPyConnection, customer: str, min_amount: float = 0.0) -> pl.DataFrame:
    """Return the orders of `customer` whose amount is at least `min_amount`, as a Polars DataFrame.

    `con` holds a table `orders(order_id INTEGER, customer VARCHAR, amount DOUBLE, ts TIMESTAMP)`.
    The result has the columns order_id, amount, ts (in that order), oldest order first, and
    order_id breaking ties on ts. `customer` comes from a user: pass it (and `min_amount`) as
    query parameters, never format it into the SQL text.
    """
    # TODO: one parameterised query on `con`, returned as Polars.
    raise NotImplementedError("orders_for is not written yet")
