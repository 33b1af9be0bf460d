"""Initialise an MLP's parameters from one explicit PRNG key."""

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    """Parameters of an MLP with layer sizes `sizes`, e.g. [4, 16, 1].

    Returns a list with one dict per layer: {"w": (m, n) weights drawn from a standard normal
    and scaled by sqrt(2 / m), "b": (n,) zeros}, for each consecutive pair (m, n) of sizes.
    """
    keys = jax.random.split(key, len(sizes) - 1)  # one fresh key per layer; `key` itself draws nothing
    return [
        {"w": jax.random.normal(k, (m, n)) * jnp.sqrt(2.0 / m), "b": jnp.zeros(n)}
        for k, m, n in zip(keys, sizes[:-1], sizes[1:])
    ]
