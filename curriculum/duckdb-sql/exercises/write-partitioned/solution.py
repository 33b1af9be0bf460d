"""Write a DataFrame as a hive-partitioned Parquet dataset with COPY ... TO."""

from pathlib import Path

import duckdb
import polars as pl

COPY = """
    COPY (SELECT *, year(ts) AS year, month(ts) AS month FROM events)
    TO $root (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE)
"""


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    """Write `events` under `root` as Parquet files partitioned by the year and month of `ts`.

    `events` is read in place by name (a replacement scan of the local variable). COPY runs as
    soon as `con.sql` is called and its relation holds one row, the number of rows written.
    OVERWRITE clears what an earlier run left under `root`; the path is a parameter, so a
    quote in it is just a character.
    """
    written = con.sql(COPY, params={"root": str(root)})
    return int(written.fetchall()[0][0])
