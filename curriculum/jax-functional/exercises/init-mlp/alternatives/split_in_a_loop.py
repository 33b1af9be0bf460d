"""Splits in the loop: `key, sub = jax.random.split(key)` keeps one key to carry on and one to draw with."""

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    params = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        key, sub = jax.random.split(key)
        w = jax.random.normal(sub, (m, n)) * jnp.sqrt(2.0 / m)
        params.append({"w": w, "b": jnp.zeros((n,))})
    return params
