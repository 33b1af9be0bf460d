"""Strips and lowercases, but leaves empty and whitespace-only labels as "" instead of missing."""

import pandas as pd


def clean_labels(labels: pd.Series) -> pd.Series:
    return labels.astype("str").str.strip().str.lower()
