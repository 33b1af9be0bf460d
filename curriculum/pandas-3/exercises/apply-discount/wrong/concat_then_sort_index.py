"""Splits the orders into discounted and other rows, concatenates them and calls sort_index: the rows come back sorted by label, not in the input's order."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    eligible = orders["qty"] >= min_qty
    cheap = orders[eligible].assign(price=orders["price"] * (1 - rate), discounted=True)
    rest = orders[~eligible].assign(price=orders["price"].astype("float64"), discounted=False)
    out = pd.concat([cheap, rest]).sort_index()
    return out.astype({"price": "float64", "discounted": bool})
