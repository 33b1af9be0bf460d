"""Broadcast the difference to (n, m, d) and reduce the last axis: simple, O(n * m * d) memory."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    diff = np.asarray(X, dtype=float)[:, None, :] - np.asarray(Y, dtype=float)[None, :, :]
    return np.sqrt((diff**2).sum(axis=-1))  # a sum of squares is never negative: no clamp needed
