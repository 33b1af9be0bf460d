"""Divides by the raw std and patches the result with np.nan_to_num: near-constant garbage stays."""

import numpy as np


def standardize_columns(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num((X - X.mean(axis=0)) / X.std(axis=0), nan=0.0, posinf=0.0, neginf=0.0)
