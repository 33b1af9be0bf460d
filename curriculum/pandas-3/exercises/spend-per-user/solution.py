"""Per-user totals that keep integer ids and amounts exact."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    """Return the exact total `amount_cents` per `user_id`, sorted by id.

    With the NumPy backend an integer column with a missing value becomes
    float64, and float64 cannot represent every integer above 2**53. The
    pyarrow backend (or "Int64") keeps integers and marks gaps with pd.NA;
    groupby drops missing keys and sum() skips missing amounts.
    """
    events = pd.read_csv(io.StringIO(csv_text), dtype_backend="pyarrow")
    return events.groupby("user_id", sort=True)["amount_cents"].sum()
