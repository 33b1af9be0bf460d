"""Keeps a label only where its stripped text has a length (`where`); a missing label has no length and stays missing."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    text = labels.astype(pd.StringDtype(na_value=float("nan"))).str.strip().str.lower()
    return text.where(text.str.len() > 0)
