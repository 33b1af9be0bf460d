"""Writes the discount through chained assignment (`out["price"][mask] = ...`): under Copy-on-Write that only changes a temporary Series."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    out = orders.copy()
    out["price"] = out["price"].astype("float64")
    out["discounted"] = out["qty"] >= min_qty
    out["price"][out["discounted"]] = out["price"][out["discounted"]] * (1 - rate)
    return out
