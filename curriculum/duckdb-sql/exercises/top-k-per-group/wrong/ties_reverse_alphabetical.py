"""Breaks ties with `item DESC`: among items with equal scores, the one last in alphabetical order wins."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score,
           row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item DESC) AS rank
    FROM scores
    WHERE score IS NOT NULL
    QUALIFY rank <= $k
    ORDER BY user_id, rank
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl()
