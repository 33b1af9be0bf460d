"""Works on `out = orders`, which is the caller's frame, not a copy: the caller's prices change and it gains a `discounted` column."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    out = orders
    out["price"] = out["price"].astype("float64")
    out["discounted"] = out["qty"] >= min_qty
    out.loc[out["discounted"], "price"] *= 1 - rate
    return out
