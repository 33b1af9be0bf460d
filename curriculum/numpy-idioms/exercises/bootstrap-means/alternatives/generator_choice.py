"""rng.choice draws a whole (n_resamples, len(x)) table of values at once."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return rng.choice(x, size=(n_resamples, len(x)), replace=True).mean(axis=1)
