"""An explicit copy, then one `.loc[rows, column]` write per change: a single indexing step on the object being changed."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    out = orders.copy()
    eligible = out["qty"] >= min_qty
    out["price"] = out["price"].astype("float64")
    out.loc[eligible, "price"] *= 1 - rate
    out["discounted"] = eligible
    return out
