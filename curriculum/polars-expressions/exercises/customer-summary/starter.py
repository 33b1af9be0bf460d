"""Per-customer order summary with expressions."""

import polars as pl


def customer_summary(orders: pl.DataFrame) -> pl.DataFrame:
    """Summarise `orders` into one row per customer, sorted by customer.

    `orders` has the columns `customer` (str), `amount` (float) and `status`
    (str: "completed", "cancelled" or "refunded"). A missing amount is either
    null or NaN (the file went through pandas on its way here): treat both as
    missing.

    Return exactly these columns, in this order:

    - customer
    - n_orders: the number of orders of the customer (all statuses, an integer)
    - revenue: the sum of the amounts of the *completed* orders, ignoring
      missing amounts; 0.0 when there are none
    - cancel_rate: the fraction of the customer's orders that are "cancelled"
    - largest_order: the largest amount of a completed order; null when the
      customer has no completed order with a known amount
    """
    # TODO: group_by("customer").agg(...) with one expression per output column.
    raise NotImplementedError("customer_summary is not written yet")
