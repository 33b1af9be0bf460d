"""How many times each element is drawn follows a multinomial: the mean is counts @ x / len(x)."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    n = len(x)
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_resamples)  # (n_resamples, n)
    return counts @ x / n
