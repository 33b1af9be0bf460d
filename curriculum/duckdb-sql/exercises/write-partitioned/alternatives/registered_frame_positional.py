"""Registers the frame under an explicit name and passes the path as a positional parameter (`TO ?`)."""

from pathlib import Path

import duckdb
import polars as pl

COPY = """
    COPY (SELECT *, year(ts) AS year, month(ts) AS month FROM events_to_write)
    TO ? (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE)
"""


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    con.register("events_to_write", events)
    try:
        [(count,)] = con.sql(COPY, params=[Path(root).as_posix()]).fetchall()
    finally:
        con.unregister("events_to_write")
    return int(count)
