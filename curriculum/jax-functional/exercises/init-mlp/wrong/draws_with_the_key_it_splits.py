"""Draws the first layer with the key it was given, then splits that same key for the next layers."""

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    params = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        w = jax.random.normal(key, (m, n)) * jnp.sqrt(2.0 / m)  # draws with `key`...
        params.append({"w": w, "b": jnp.zeros(n)})
        key, _ = jax.random.split(key)  # ...and then uses it again to make the next keys
    return params
