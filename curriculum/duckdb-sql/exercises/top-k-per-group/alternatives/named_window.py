"""A named WINDOW clause, and QUALIFY on the window function itself rather than on its alias."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score, row_number() OVER by_score AS rank
    FROM scores
    WHERE score IS NOT NULL
    WINDOW by_score AS (PARTITION BY user_id ORDER BY score DESC NULLS LAST, item)
    QUALIFY row_number() OVER by_score <= $k
    ORDER BY user_id, rank
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params={"k": k}).pl().select("user_id", "item", "score", "rank")
