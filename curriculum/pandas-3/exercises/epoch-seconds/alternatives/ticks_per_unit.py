"""Reads the raw ticks and floor-divides them by the ticks per second of the column's own unit."""

import numpy as np
import pandas as pd

TICKS_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    ticks = ts.astype("int64")  # UTC ticks for aware columns; NaT is masked below
    seconds = np.floor_divide(ticks.to_numpy(), TICKS_PER_SECOND[ts.dt.unit])
    return pd.Series(seconds, index=ts.index, dtype="Int64").mask(ts.isna())
