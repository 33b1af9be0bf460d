"""Unix timestamps from a datetime column, whatever its resolution."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    """Return floor seconds since the Unix epoch as nullable Int64 (NaT -> <NA>).

    Dividing a timedelta by a timedelta is independent of the column's unit
    (s, ms, us or ns), unlike `astype("int64")`, whose integers count ticks
    of that unit. Floor division rounds towards minus infinity; NaT gives NaN,
    which "Int64" turns into <NA>.
    """
    if ts.dt.tz is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    seconds = (ts - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    return seconds.astype("Int64")
