"""Expands ||x||² - 2x·y + ||y||² but takes the square root without clamping: nan for identical rows."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    sq = np.sum(X**2, axis=1)[:, None] - 2.0 * (X @ Y.T) + np.sum(Y**2, axis=1)[None, :]
    return np.sqrt(sq)  # round-off makes some squares slightly negative
