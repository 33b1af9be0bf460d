"""Per-user totals that keep integer ids and amounts exact."""

import io

import pandas as pd


def spend_per_user(csv_text: str) -> pd.Series:
    """Return the total `amount_cents` per `user_id`, from CSV text.

    The CSV has the columns `user_id`, `event` and `amount_cents`. Both
    integer columns may have empty cells. Ids go up to 2**63 - 1, far beyond
    what a float64 represents exactly.

    - One entry per user id, sorted by id; rows without a `user_id` are left out.
    - The index (the user ids) and the values (the totals) have an INTEGER
      dtype and are exact; a missing amount counts as 0 (a user whose amounts
      are all missing has a total of 0).
    """
    # TODO: read_csv turns an integer column with an empty cell into float64,
    # which rounds large ids and amounts. Keep them integers.
    events = pd.read_csv(io.StringIO(csv_text))
    return events.groupby("user_id")["amount_cents"].sum()
