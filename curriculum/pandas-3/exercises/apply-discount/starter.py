"""Apply a volume discount without touching the caller's DataFrame."""

import pandas as pd


def apply_discount(orders: pd.DataFrame, min_qty: int, rate: float) -> pd.DataFrame:
    """Return a NEW DataFrame with a volume discount applied.

    `orders` has (at least) the columns `qty` and `price`. On every row with
    `qty >= min_qty`, the price is multiplied by `(1 - rate)`; other rows keep
    their price. The result has the same index and columns as `orders`, in the
    same order, plus a boolean column `discounted` at the end (True where the
    discount applied). `price` in the result is `float64`, whatever the input
    dtype. `orders` itself must not change in any way.
    """
    # TODO: this is how it was written for pandas 1.x. It no longer works:
    # it changes the caller's frame, and its chained assignment does nothing
    # under Copy-on-Write. Rewrite it.
    out = orders
    out["discounted"] = out["qty"] >= min_qty
    out["price"][out["discounted"]] = out["price"][out["discounted"]] * (1 - rate)
    return out
