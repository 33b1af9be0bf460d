"""A lazy relation over a hive-partitioned Parquet dataset."""

from pathlib import Path

import duckdb

QUERY = """
    SELECT region, sum(amount) AS revenue, count(*) AS orders
    FROM read_parquet($files, hive_partitioning = true)
    WHERE year = $year
    GROUP BY region
    ORDER BY revenue DESC, region
"""


def regional_revenue(con: duckdb.DuckDBPyConnection, root: str | Path, year: int) -> duckdb.DuckDBPyRelation:
    """Revenue per region for one year, as a relation that has not run yet.

    `con.sql` on a SELECT binds it (so a typo fails here) but runs nothing; each read of the
    relation runs it again with the same parameter values, expanding the glob anew. The filter
    on the partition column `year` lets DuckDB skip the other years' files entirely.
    """
    files = (Path(root) / "**" / "*.parquet").as_posix()
    return con.sql(QUERY, params={"files": files, "year": year})


# The same relation built with the relational API:
#
#     rel = con.read_parquet(files, hive_partitioning=True)   # the method's default is False
#     return (
#         rel.filter(duckdb.col("year") == year)
#         .aggregate("region, sum(amount) AS revenue, count(*) AS orders", "region")
#         .order("revenue DESC, region")
#     )
