"""The expanded form with einsum for the norms and the dot products, clamped with np.clip."""

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    x_sq = np.einsum("nd,nd->n", X, X)
    y_sq = np.einsum("md,md->m", Y, Y)
    sq = x_sq[:, None] + y_sq[None, :] - 2.0 * np.einsum("nd,md->nm", X, Y)
    return np.sqrt(np.clip(sq, 0.0, None))
