"""Uses strategy="nearest": a trade can get a quote published after it, which leaks the future."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    return trades.sort("time").join_asof(
        quotes.sort("time"),
        on="time",
        by="ticker",
        strategy="nearest",
        tolerance=max_age,
        check_sortedness=False,
    )
