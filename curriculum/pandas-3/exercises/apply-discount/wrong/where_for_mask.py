"""Uses `where` where `mask` is meant: `where` keeps the values where the condition holds, so the small orders get the discount."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    eligible = orders["qty"] >= min_qty
    price = orders["price"].astype("float64")
    return orders.assign(price=price.where(eligible, price * (1 - rate)), discounted=eligible)
