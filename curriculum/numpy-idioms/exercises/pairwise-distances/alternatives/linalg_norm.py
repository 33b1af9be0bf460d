"""np.linalg.norm over the last axis of the broadcast difference."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    return np.linalg.norm(X[:, np.newaxis] - Y[np.newaxis], axis=-1)
