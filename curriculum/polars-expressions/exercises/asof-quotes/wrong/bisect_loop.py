"""Looks up each trade's quote in a Python loop with bisect: right values, but one Python iteration per trade."""

import bisect
from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    book = {}
    for ticker, time, bid, ask in quotes.sort("time").iter_rows():
        book.setdefault(ticker, ([], []))
        book[ticker][0].append(time)
        book[ticker][1].append((bid, ask))
    bids, asks = [], []
    for ticker, time in trades.select("ticker", "time").iter_rows():
        times, prices = book.get(ticker, ([], []))
        i = bisect.bisect_right(times, time) - 1
        found = i >= 0 and time - times[i] <= max_age
        bids.append(prices[i][0] if found else None)
        asks.append(prices[i][1] if found else None)
    return trades.with_columns(
        bid=pl.Series(bids, dtype=pl.Float64), ask=pl.Series(asks, dtype=pl.Float64)
    )
