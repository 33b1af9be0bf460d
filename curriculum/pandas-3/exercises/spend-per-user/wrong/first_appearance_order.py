"""Groups with sort=False, in order of first appearance: the ids are not sorted."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    events = pd.read_csv(io.StringIO(csv_text), dtype_backend="pyarrow")
    return events.groupby("user_id", sort=False)["amount_cents"].sum()
