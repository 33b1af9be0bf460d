"""Polars writes the hive layout itself (`write_parquet(partition_by=...)`) after the old folder is removed."""

import shutil
from pathlib import Path

import duckdb
import polars as pl


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    shutil.rmtree(root, ignore_errors=True)
    if events.height:
        events.with_columns(year=pl.col("ts").dt.year(), month=pl.col("ts").dt.month()).write_parquet(
            root, partition_by=["year", "month"]
        )
    return events.height
