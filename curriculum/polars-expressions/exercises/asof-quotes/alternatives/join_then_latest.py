"""Without join_asof: join each trade to its ticker's quotes in the allowed window, keep the latest, then attach to every trade."""

from datetime import timedelta

import polars as pl


def attach_quotes(trades: pl.DataFrame, quotes: pl.DataFrame, max_age: timedelta) -> pl.DataFrame:
    latest = (
        trades.select("trade_id", "ticker", "time")
        .join(quotes.rename({"time": "quote_time"}), on="ticker")
        .filter(pl.col("quote_time") <= pl.col("time"), pl.col("time") - pl.col("quote_time") <= max_age)
        .filter(pl.col("quote_time") == pl.col("quote_time").max().over("trade_id"))
        .select("trade_id", "bid", "ask")
    )
    return trades.join(latest, on="trade_id", how="left")
