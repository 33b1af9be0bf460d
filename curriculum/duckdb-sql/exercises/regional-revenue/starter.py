"""A lazy relation over a hive-partitioned Parquet dataset."""

from pathlib import Path

import duckdb


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    """Revenue per region for one year, as a relation that has not run yet.

    `root` holds Parquet files laid out as root/year=YYYY/region=NAME/*.parquet; the files
    themselves hold only order_id and amount (year and region live in the folder names).
    Keep the orders of `year` and return one row per region with the columns
    region, revenue (the sum of amount, DOUBLE) and orders (the number of orders, BIGINT),
    highest revenue first and region breaking ties.

    Return the relation itself: nothing may run until the caller reads it, and every read
    must see the files that are under `root` at that moment.
    """
    # TODO: build the relation on `con` (read_parquet + filter + aggregate + order).
    files = con.sql("SELECT 'EU' AS region, 0.0 AS revenue, 0 AS orders")
    return files.pl()
