"""Apply a volume discount without touching the caller's DataFrame."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    """Return a new DataFrame with `price` discounted where `qty >= min_qty`.

    `assign` builds a new frame (sharing the untouched columns with `orders`
    under Copy-on-Write), so the caller's frame is never modified. The price
    is cast to float64 first: writing 12.75 into an int64 column raises in
    pandas 3.
    """
    eligible = orders["qty"] >= min_qty
    price = orders["price"].astype("float64")
    return orders.assign(
        price=price.mask(eligible, price * (1 - rate)),
        discounted=eligible,
    )
