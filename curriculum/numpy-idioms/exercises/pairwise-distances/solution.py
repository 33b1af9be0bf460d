"""Pairwise Euclidean distances without Python loops."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Return the Euclidean distance between every row of X and every row of Y.

    Uses ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2, so memory is O(n * m) rather
    than the O(n * m * d) of `X[:, None, :] - Y[None, :, :]`. Round-off can make
    a squared distance slightly negative, hence the clamp at 0 before sqrt.
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    x_sq = np.sum(X**2, axis=1)[:, None]  # (n, 1)
    y_sq = np.sum(Y**2, axis=1)[None, :]  # (1, m)
    sq = x_sq - 2.0 * (X @ Y.T) + y_sq  # (n, m)
    return np.sqrt(np.maximum(sq, 0.0))
