"""Draws with NumPy's global random state instead of the key: the same key gives different weights."""

import numpy as np
import jax.numpy as jnp


def init_mlp(key, sizes):
    return [
        {"w": jnp.asarray(np.random.normal(size=(m, n)) * np.sqrt(2.0 / m), dtype=jnp.float32),
         "b": jnp.zeros(n)}
        for m, n in zip(sizes[:-1], sizes[1:])
    ]
