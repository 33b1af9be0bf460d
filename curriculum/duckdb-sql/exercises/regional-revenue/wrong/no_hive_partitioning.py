"""Reads the files with `con.read_parquet` and its default hive_partitioning=False: the year and region columns do not exist."""

from pathlib import Path

import duckdb


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    files = (Path(root) / "**" / "*.parquet").as_posix()
    return (
        con.read_parquet(files)
        .filter(duckdb.col("year") == year)
        .aggregate("region, sum(amount) AS revenue, count(*) AS orders", "region")
        .order("revenue DESC, region")
    )
