"""Top k items per user with a window function and QUALIFY."""

import duckdb
import polars as pl

QUERY = """
    SELECT
        user_id,
        item,
        score,
        row_number() OVER (PARTITION BY user_id ORDER BY score DESC, item) AS rank
    FROM scores
    WHERE score IS NOT NULL
    QUALIFY rank <= $k
    ORDER BY user_id, rank
"""


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    """For each user, the `k` items with the highest score.

    WHERE runs before the window is computed (so null scores never get a rank); QUALIFY
    filters on the window's result, which WHERE cannot see. The tie-breaker `item` makes the
    ORDER BY total, so row_number is deterministic.
    """
    return con.sql(QUERY, params={"k": k}).pl()
