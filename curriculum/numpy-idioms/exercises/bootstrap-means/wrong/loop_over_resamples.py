"""Draws one resample per iteration of a Python loop (a list comprehension over n_resamples)."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.array([rng.choice(x, size=len(x), replace=True).mean() for _ in range(n_resamples)])
