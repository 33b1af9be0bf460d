"""Point-in-time features: the latest quote before each trade."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    """Return `trades` with the `bid` and `ask` of the quote in force at each trade.

    trades: trade_id (int), ticker (str), time (datetime), qty (int)
    quotes: ticker (str), time (datetime), bid (float), ask (float)

    For each trade, use the latest quote of the SAME ticker whose time is at or
    before the trade's time, and at most `max_age` older than the trade. When
    there is no such quote, bid and ask are null. Neither input is sorted.

    The result has one row per trade: the trade's columns followed by bid and
    ask. Row order does not matter.
    """
    # TODO: an as-of join. Look at what it needs from its inputs first.
    raise NotImplementedError("attach_quotes is not written yet")
