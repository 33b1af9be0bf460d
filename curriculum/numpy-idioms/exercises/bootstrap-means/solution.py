"""Bootstrap resampling with an explicit random Generator."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Return the means of `n_resamples` bootstrap resamples of the 1-D array x."""
    x = np.asarray(x, dtype=float)
    idx = rng.integers(0, len(x), size=(n_resamples, len(x)))  # one row per resample
    return x[idx].mean(axis=1)
