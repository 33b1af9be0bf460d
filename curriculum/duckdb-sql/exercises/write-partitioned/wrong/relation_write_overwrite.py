"""Writes with `rel.write_parquet(..., overwrite=True)`, which means OVERWRITE_OR_IGNORE: partitions of an earlier write survive."""

from pathlib import Path

import duckdb
import polars as pl


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    rel = con.sql("SELECT *, year(ts) AS year, month(ts) AS month FROM events")
    rel.write_parquet(str(root), partition_by=["year", "month"], overwrite=True)
    return events.height
