"""Joins on time alone, without `by="ticker"`: a trade gets the latest quote of any ticker."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    return trades.sort("time").join_asof(
        quotes.sort("time").drop("ticker"), on="time", tolerance=max_age
    )
