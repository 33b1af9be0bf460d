"""A nested list comprehension over every pair: a Python loop, and empty inputs lose their shape."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return np.array([[np.linalg.norm(np.asarray(x, float) - y) for y in Y] for x in X])
