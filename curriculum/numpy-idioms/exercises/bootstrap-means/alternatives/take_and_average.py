"""Indices from rng.integers with endpoint=True, np.take, and np.average along the rows."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    idx = rng.integers(0, x.size - 1, size=(n_resamples, x.size), endpoint=True)
    return np.average(np.take(x, idx), axis=1)
