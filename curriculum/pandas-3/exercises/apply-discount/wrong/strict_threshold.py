"""Discounts only the rows with qty > min_qty: a row exactly at the threshold keeps its full price."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    eligible = orders["qty"] > min_qty
    price = orders["price"].astype("float64")
    return orders.assign(price=price.mask(eligible, price * (1 - rate)), discounted=eligible)
