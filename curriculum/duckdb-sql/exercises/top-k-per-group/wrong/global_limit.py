"""Keeps the k best rows overall with LIMIT instead of k per user."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score,
           row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item) AS rank
    FROM scores
    WHERE score IS NOT NULL
    ORDER BY score DESC, item
    LIMIT $k
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl()
