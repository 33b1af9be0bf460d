"""Shuffles x instead of drawing with replacement: every resample has the same mean as x."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    resamples = rng.permuted(np.tile(x, (n_resamples, 1)), axis=1)
    return resamples.mean(axis=1)
