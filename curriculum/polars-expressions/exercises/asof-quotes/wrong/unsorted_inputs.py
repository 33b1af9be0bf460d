"""Calls join_asof on the unsorted frames: with `by`, polars cannot check the order (it only warns) and matches the wrong quotes."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    return trades.join_asof(quotes, on="time", by="ticker", tolerance=max_age, check_sortedness=False)
