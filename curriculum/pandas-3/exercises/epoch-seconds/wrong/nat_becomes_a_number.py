"""Converts with `.dt.as_unit("s").astype("int64")`: right for real timestamps, but NaT silently becomes -9223372036854775808."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    if ts.dt.tz is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    return ts.dt.as_unit("s").astype("int64")
