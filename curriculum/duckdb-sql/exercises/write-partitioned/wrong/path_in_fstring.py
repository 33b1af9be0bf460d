"""Formats the path into the SQL text with an f-string: a folder named "team's events" ends the string literal."""

from pathlib import Path

import duckdb
import polars as pl


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    written = con.sql(
        f"""
        COPY (SELECT *, year(ts) AS year, month(ts) AS month FROM events)
        TO '{root}' (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE)
        """
    )
    return int(written.fetchall()[0][0])
