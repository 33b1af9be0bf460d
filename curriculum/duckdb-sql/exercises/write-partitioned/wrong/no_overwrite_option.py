"""Leaves out the OVERWRITE option: the first write works, the second one raises because the folder is not empty."""

from pathlib import Path

import duckdb
import polars as pl


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    written = con.sql(
        """
        COPY (SELECT *, year(ts) AS year, month(ts) AS month FROM events)
        TO $root (FORMAT parquet, PARTITION_BY (year, month))
        """,
        params={"root": str(root)},
    )
    return int(written.fetchall()[0][0])
