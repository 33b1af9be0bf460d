"""Normalise free-text labels into pandas 3's `str` dtype."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    """Return the labels stripped of surrounding whitespace and lowercased.

    - The result has pandas' default string dtype `str` (missing value NaN),
      whatever the input's dtype: legacy `object` (possibly holding numbers
      such as 3, which become "3"), `str`, or the NA-flavoured `"string"`.
    - Missing input stays missing; empty or whitespace-only labels become
      missing too. Never the text "nan" or "none".
    - Same index and name as the input; the input is not modified.
    """
    # TODO: this keeps an object column as object, leaves "" as "",
    # and turns the number 3 into a missing value. Fix it.
    return labels.str.strip().str.lower()
