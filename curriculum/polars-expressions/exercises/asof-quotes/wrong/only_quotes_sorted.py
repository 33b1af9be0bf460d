"""Sorts the quotes but not the trades: join_asof walks both sides in time order."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    return trades.join_asof(
        quotes.sort("time"), on="time", by="ticker", tolerance=max_age, check_sortedness=False
    )
