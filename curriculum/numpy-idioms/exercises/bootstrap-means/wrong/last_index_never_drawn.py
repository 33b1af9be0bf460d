"""Off by one in the index range: `rng.integers(0, len(x) - 1)` never draws the last element."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    idx = rng.integers(0, len(x) - 1, size=(n_resamples, len(x)))
    return x[idx].mean(axis=1)
