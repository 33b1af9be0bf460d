"""Drops the timezone with `tz_localize(None)` without converting to UTC first: aware timestamps are read as their local wall-clock time."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    if ts.dt.tz is not None:
        ts = ts.dt.tz_localize(None)
    seconds = (ts - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    return seconds.astype("Int64")
