"""Orders by revenue alone: regions with equal revenue come back in whatever order the aggregation produced them."""

from pathlib import Path

import duckdb


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    files = (Path(root) / "**" / "*.parquet").as_posix()
    return con.sql(
        """
        SELECT region, sum(amount) AS revenue, count(*) AS orders
        FROM read_parquet($files, hive_partitioning = true)
        WHERE year = $year
        GROUP BY region
        ORDER BY revenue DESC
        """,
        params={"files": files, "year": year},
    )
