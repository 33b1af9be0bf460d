"""Positional parameters (`?`) and GROUP BY ALL, with the filter in a subquery over the hive-partitioned files."""

from pathlib import Path

import duckdb

QUERY = """
    SELECT region, sum(amount)::DOUBLE AS revenue, count(*) AS orders
    FROM (SELECT * FROM read_parquet(?, hive_partitioning = true) WHERE year = ?)
    GROUP BY ALL
    ORDER BY revenue DESC, region ASC
"""


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    return con.sql(QUERY, params=[str(Path(root) / "**" / "*.parquet"), year])
