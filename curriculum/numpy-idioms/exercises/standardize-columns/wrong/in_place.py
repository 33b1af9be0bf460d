"""Standardises in place with `-=` and `/=`: a float input is modified under the caller's feet."""

import numpy as np


def standardize_columns(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)  # no copy when X is already a float array
    constant = np.ptp(X, axis=0) == 0
    std = np.where(constant, 1.0, X.std(axis=0))
    X -= X.mean(axis=0)
    X /= std
    X[:, constant] = 0.0
    return X
