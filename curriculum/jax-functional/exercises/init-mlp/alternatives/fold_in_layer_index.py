"""Derives each layer's key with jax.random.fold_in(key, layer_index): independent keys, no carried state."""

import math

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    params = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        layer_key = jax.random.fold_in(key, i)
        params.append({
            "w": math.sqrt(2 / m) * jax.random.normal(layer_key, (m, n), dtype=jnp.float32),
            "b": jnp.zeros(n, dtype=jnp.float32),
        })
    return params
