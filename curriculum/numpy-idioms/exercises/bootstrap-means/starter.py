"""Bootstrap resampling with an explicit random Generator."""

import numpy as np


def bootstrap_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Return the means of `n_resamples` bootstrap resamples of the 1-D array x.

    A bootstrap resample draws len(x) elements of x uniformly *with*
    replacement. The result has shape (n_resamples,): one mean per resample.
    Draw every random number from `rng` (never from np.random's global state),
    so that the same seed gives the same result. No Python loop over resamples.
    """
    # TODO: draw all the resample indices at once, then take row means.
    raise NotImplementedError("bootstrap_means is not written yet")
