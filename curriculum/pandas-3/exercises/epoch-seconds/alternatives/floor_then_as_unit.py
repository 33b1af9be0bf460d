"""Floors to whole seconds, switches the column to second resolution and reads its integers; NaT is masked back to missing."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    if ts.dt.tz is not None:
        ts = ts.dt.tz_convert(None)  # to UTC, then naive
    seconds = ts.dt.floor("s").dt.as_unit("s").astype("int64").astype("Int64")
    return seconds.mask(ts.isna())
