"""Top k items per user with a window function and QUALIFY."""

import duckdb
import polars as pl


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    """For each user, the `k` items with the highest score.

    `scores` has the columns user_id, item, score (Float64, may be null). Rows with a null
    score are ignored. Ties on score are broken by item, alphabetically, so the result is
    always the same. Return a Polars DataFrame with the columns user_id, item, score, rank
    (1 for each user's best item, then 2, ...), sorted by user_id then rank. A user with fewer
    than k scored items keeps them all; k = 0 gives no rows (but the same columns).
    """
    # TODO: row_number() OVER (...) and QUALIFY, with k as a parameter.
    raise NotImplementedError("top_k_per_user is not written yet")
