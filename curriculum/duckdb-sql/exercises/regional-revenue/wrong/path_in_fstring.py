"""Formats the glob into the SQL text with an f-string: a folder with a quote in its name ends the string literal."""

from pathlib import Path

import duckdb


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    return con.sql(
        f"""
        SELECT region, sum(amount) AS revenue, count(*) AS orders
        FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true)
        WHERE year = {year}
        GROUP BY region
        ORDER BY revenue DESC, region
        """
    )
