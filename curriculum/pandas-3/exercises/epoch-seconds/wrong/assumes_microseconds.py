"""Divides the raw integers by 10**6, assuming microseconds: right for timestamps parsed from strings, wrong for every other unit."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    if ts.dt.tz is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    seconds = ts.astype("int64") // 10**6
    return seconds.astype("Int64").mask(ts.isna())
