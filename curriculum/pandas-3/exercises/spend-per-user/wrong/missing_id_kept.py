"""Keeps the rows without a user_id as a group of their own (dropna=False)."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    events = pd.read_csv(io.StringIO(csv_text), dtype_backend="numpy_nullable")
    return events.groupby("user_id", dropna=False)["amount_cents"].sum()
