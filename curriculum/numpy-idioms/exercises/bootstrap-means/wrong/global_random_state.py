"""Draws from np.random's global state (np.random.randint) instead of the `rng` argument."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    idx = np.random.randint(0, len(x), size=(n_resamples, len(x)))
    return x[idx].mean(axis=1)
