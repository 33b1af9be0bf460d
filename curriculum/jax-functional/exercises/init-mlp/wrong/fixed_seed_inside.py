"""Ignores the key it is given and makes its own with jax.random.key(0): every caller gets the same weights."""

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    keys = jax.random.split(jax.random.key(0), len(sizes) - 1)
    return [
        {"w": jax.random.normal(k, (m, n)) * jnp.sqrt(2.0 / m), "b": jnp.zeros(n)}
        for k, m, n in zip(keys, sizes[:-1], sizes[1:])
    ]
