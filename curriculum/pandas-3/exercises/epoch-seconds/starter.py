"""Unix timestamps from a datetime column, whatever its resolution."""

import pandas as pd


def to_epoch_seconds(ts: pd.Series) -> pd.Series:
    """Return whole seconds since 1970-01-01 00:00:00 UTC for each timestamp.

    - `ts` has a datetime64 dtype of ANY resolution (s, ms, us or ns),
      timezone-naive (read it as UTC) or timezone-aware (convert to UTC).
    - Fractions of a second are rounded down (towards minus infinity), so
      1969-12-31 23:59:59.5 gives -1.
    - The result has an integer dtype; NaT gives a missing value (so use a
      nullable integer dtype such as "Int64").
    - Same index as the input.
    """
    # TODO: this pandas 2 idiom assumed nanoseconds. In pandas 3 the integers
    # count the column's own unit (microseconds when parsed from strings).
    return ts.astype("int64") // 10**9
