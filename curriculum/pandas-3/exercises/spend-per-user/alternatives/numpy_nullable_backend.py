"""The NumPy-nullable backend: Int64 columns with pd.NA for the empty cells."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    events = pd.read_csv(io.StringIO(csv_text), dtype_backend="numpy_nullable")
    return events.groupby("user_id")["amount_cents"].sum()
