"""Makes only `user_id` a nullable integer: the amounts stay float64, so the totals are floats and the big one is rounded."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    events = pd.read_csv(io.StringIO(csv_text), dtype={"user_id": "Int64"})
    return events.groupby("user_id")["amount_cents"].sum()
