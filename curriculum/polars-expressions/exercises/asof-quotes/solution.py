"""Point-in-time features: the latest quote before each trade."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    """Return `trades` with the `bid` and `ask` of the quote in force at each trade.

    join_asof needs both frames sorted by the `on` key. With `by`, Polars cannot
    verify that (it warns instead, and unsorted input gives wrong matches), so we
    sort both ourselves and say so with check_sortedness=False.
    """
    return trades.sort("time").join_asof(
        quotes.sort("time"),
        on="time",
        by="ticker",
        strategy="backward",  # the latest quote at or before the trade (the default)
        tolerance=max_age,
        check_sortedness=False,
    )
