"""Accumulates the squared differences one feature at a time: a Python loop over the d columns."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    sq = np.zeros((X.shape[0], Y.shape[0]))
    for j in range(X.shape[1]):
        sq += (X[:, j][:, None] - Y[:, j][None, :]) ** 2
    return np.sqrt(sq)
