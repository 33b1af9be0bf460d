"""Numbers the items with rank() and no tie-break: tied items share a rank, so ranks repeat and a user can get more than k rows."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score,
           rank() OVER (PARTITION BY user_id ORDER BY score DESC) AS rank
    FROM scores
    WHERE score IS NOT NULL
    QUALIFY rank <= $k
    ORDER BY user_id, rank, item
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl()
