"""Loads the dataset into a Polars frame first and queries that: the relation reads the frame, never the files again."""

from pathlib import Path

import duckdb


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    files = (Path(root) / "**" / "*.parquet").as_posix()
    sales = con.read_parquet(files, hive_partitioning=True).pl()
    return con.sql(
        """
        SELECT region, sum(amount) AS revenue, count(*) AS orders
        FROM sales
        WHERE year = $year
        GROUP BY region
        ORDER BY revenue DESC, region
        """,
        params={"year": year},
    )
