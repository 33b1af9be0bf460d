"""Converts to the NA-flavoured `"string"` dtype (missing value pd.NA) instead of pandas 3's default `str`."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    text = labels.astype("string").str.strip().str.lower()
    return text.mask(text == "")
