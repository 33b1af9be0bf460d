"""Blank labels become NaN with a regular-expression replace before cleaning; the dtype stays `str`."""

import numpy as np
import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    text = labels.astype(str).replace(r"^\s*$", np.nan, regex=True)
    return text.str.strip().str.lower()
