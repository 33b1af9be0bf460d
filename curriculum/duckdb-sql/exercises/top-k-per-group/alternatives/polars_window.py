"""The same question in Polars: sort by score (descending) then item, number the rows within each user, keep the first k."""

import duckdb
import polars as pl


def top_k_per_user(con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, k: int) -> pl.DataFrame:
    return (
        scores.drop_nulls("score")
        .sort(["user_id", "score", "item"], descending=[False, True, False])
        .with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("user_id"))
        .filter(pl.col("rank") <= k)
        .select("user_id", "item", "score", "rank")
    )
