"""Truncates the fractional seconds toward zero (int() of total_seconds): 1969-12-31 23:59:59.5 gives 0 instead of -1."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    if ts.dt.tz is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    seconds = (ts - pd.Timestamp("1970-01-01")).dt.total_seconds()
    return seconds.map(lambda s: s if pd.isna(s) else int(s)).astype("Int64")
