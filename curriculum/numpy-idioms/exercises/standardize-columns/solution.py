"""Standardise features column-wise (z-scores)."""

import numpy as np


def standardize_columns(X: np.ndarray) -> np.ndarray:
    """Return a new float array with each column of X scaled to mean 0 and std 1.

    Constant columns become 0. They are detected by their range (max == min),
    not by `std == 0`: a column of 0.1s has a std of about 1e-17, not 0, and
    dividing by it would turn the column into garbage.
    """
    X = np.asarray(X, dtype=float)
    centered = X - X.mean(axis=0)  # (n, d) - (d,) broadcasts along rows
    std = X.std(axis=0)
    constant = np.ptp(X, axis=0) == 0
    safe_std = np.where(constant, 1.0, std)  # avoid dividing by (almost) 0
    return np.where(constant, 0.0, centered / safe_std)
