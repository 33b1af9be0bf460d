"""Splits the key but never keeps the new one: every layer draws with the same subkey."""

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    params = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        _, sub = jax.random.split(key)  # `key` never changes, so `sub` is the same every time
        w = jax.random.normal(sub, (m, n)) * jnp.sqrt(2.0 / m)
        params.append({"w": w, "b": jnp.zeros(n)})
    return params
