"""Ranks by score alone: which of two tied items comes first is left to the engine, so the result can change from run to run."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score,
           row_number() OVER (PARTITION BY user_id ORDER BY score DESC) AS rank
    FROM scores
    WHERE score IS NOT NULL
    QUALIFY rank <= $k
    ORDER BY user_id, rank
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl()
