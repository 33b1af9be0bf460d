"""Uses OVERWRITE_OR_IGNORE: it only replaces the files it writes again, so the first write's other months stay behind, stale."""

from pathlib import Path

import duckdb
import polars as pl


def write_partitioned(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, root: str | Path) -> int:
    written = con.sql(
        """
        COPY (SELECT *, year(ts) AS year, month(ts) AS month FROM events)
        TO $root (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)
        """,
        params={"root": str(root)},
    )
    return int(written.fetchall()[0][0])
