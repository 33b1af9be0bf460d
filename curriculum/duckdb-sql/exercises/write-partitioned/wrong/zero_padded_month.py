"""Builds the month with strftime('%m'): the folders are month=01, month=02, ... instead of the plain integer month=1."""

from pathlib import Path

import duckdb
import polars as pl


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    written = con.sql(
        """
        COPY (SELECT *, year(ts) AS year, strftime(ts, '%m') AS month FROM events)
        TO $root (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE)
        """,
        params={"root": str(root)},
    )
    return int(written.fetchall()[0][0])
