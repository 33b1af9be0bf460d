"""Converts every value with Python's str() (through map): None and NaN become the texts "none" and "nan"."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    text = labels.map(lambda value: str(value).strip().lower()).astype("str")
    return text.mask(text == "")
