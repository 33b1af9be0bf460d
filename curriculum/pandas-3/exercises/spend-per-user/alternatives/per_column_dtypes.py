"""Per-column nullable dtypes, the missing amounts filled with 0 and the ids without value dropped explicitly, then sorted."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    events = pd.read_csv(
        io.StringIO(csv_text), dtype={"user_id": "Int64", "amount_cents": "Int64"}
    )
    events = events.dropna(subset=["user_id"]).fillna({"amount_cents": 0})
    return events.groupby("user_id", sort=False)["amount_cents"].sum().sort_index()
