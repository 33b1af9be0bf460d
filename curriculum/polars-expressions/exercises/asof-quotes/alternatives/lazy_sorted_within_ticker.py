"""A lazy query that sorts both sides by ticker and time (sorted within each `by` group is what join_asof needs)."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    return (
        trades.lazy()
        .sort("ticker", "time")
        .join_asof(
            quotes.lazy().sort("ticker", "time"),
            on="time",
            by="ticker",
            strategy="backward",
            tolerance=max_age,
            check_sortedness=False,
        )
        .collect()
    )
