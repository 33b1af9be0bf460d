"""Normalise free-text labels into pandas 3's `str` dtype."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    """Strip and lowercase labels; empty labels become missing; dtype `str`.

    Convert to `str` first: on an `object` column the `.str` accessor turns
    non-string values (the number 3) into missing, and an `object` result
    would stay `object`. `astype("str")` keeps missing values missing (it no
    longer produces the text "nan" or "None").
    """
    text = labels.astype("str").str.strip().str.lower()
    return text.mask(text == "")
