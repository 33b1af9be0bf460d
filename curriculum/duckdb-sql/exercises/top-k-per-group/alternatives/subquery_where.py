"""The portable form: number the rows in a subquery, filter on the number in the outer query's WHERE; k as a positional parameter."""

import duckdb
import polars as pl

QUERY = """
    SELECT user_id, item, score, rank
    FROM (
        SELECT user_id, item, score,
               row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item ASC) AS rank
        FROM scores
        WHERE score IS NOT NULL
    ) AS ranked
    WHERE rank <= ?
    ORDER BY user_id, rank
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return con.sql(QUERY, params=[k]).pl()
