"""Per-user features on every row, with window expressions."""

import polars as pl


def add_user_features(events: pl.DataFrame) -> pl.DataFrame:
    """Return `events` with four new columns, keeping its rows in their input order.

    `events` has the columns user_id (str), ts (datetime, unique within a user)
    and amount (float, may be null). The rows are NOT sorted by time.

    - user_total: the sum of the user's amounts (nulls ignored)
    - share: amount / user_total
    - prev_amount: the amount of the user's previous event in time (null for
      the user's first event)
    - event_number: 1 for the user's first event in time, 2 for the second...

    The result has the same rows as `events`, in the same order, with the
    original columns first.
    """
    # TODO: one with_columns(...) with window expressions (.over).
    raise NotImplementedError("add_user_features is not written yet")
