"""Forgets to drop the null scores: they sort last, but a user with fewer than k scored items gets them ranked too."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score,
           row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item) AS rank
    FROM scores
    QUALIFY rank <= $k
    ORDER BY user_id, rank
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl()
