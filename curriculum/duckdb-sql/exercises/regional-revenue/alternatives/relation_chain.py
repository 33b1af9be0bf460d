"""The relational API: read_parquet with hive partitioning, then filter, aggregate and order, each step a new relation."""

from pathlib import Path

import duckdb


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    files = (Path(root) / "**" / "*.parquet").as_posix()
    return (
        con.read_parquet(files, hive_partitioning=True)
        .filter(duckdb.col("year") == year)
        .aggregate("region, sum(amount) AS revenue, count(*) AS orders", "region")
        .order("revenue DESC, region")
    )
