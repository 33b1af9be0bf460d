"""Computes the new prices with np.where in a method chain (`assign` with lambdas), never writing into any frame."""

import numpy as np
import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    return orders.assign(
        discounted=lambda d: d["qty"] >= min_qty,
        price=lambda d: np.where(d["discounted"], d["price"] * (1 - rate), d["price"]).astype("float64"),
    )[[*orders.columns, "discounted"]]
