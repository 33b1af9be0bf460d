"""Sorts the result by user_id alone: within a user the rows come back in whatever order the engine left them, not by rank."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score,
           row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item) AS rank
    FROM scores
    WHERE score IS NOT NULL
    QUALIFY rank <= $k
    ORDER BY user_id
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl()
