"""Seeds a new generator inside the function: every call returns the same numbers, whatever `rng` is."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    local = np.random.default_rng(0)  # "for reproducibility"
    idx = local.integers(0, len(x), size=(n_resamples, len(x)))
    return x[idx].mean(axis=1)
