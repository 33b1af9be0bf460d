"""Returns `rel.materialize()`: a relation, but over the rows of one run, so files written later never show up."""

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
        ORDER BY revenue DESC, region
        """,
        params={"files": files, "year": year},
    ).materialize()
