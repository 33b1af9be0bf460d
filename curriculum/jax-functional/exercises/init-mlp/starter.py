"""Initialise an MLP's parameters from one explicit PRNG key."""

import jax
import jax.numpy as jnp


def init_mlp(key, sizes):
    """Parameters of an MLP with layer sizes `sizes`, e.g. [4, 16, 1].

    Returns a list with one dict per layer: {"w": (m, n) weights drawn from a standard normal
    and scaled by sqrt(2 / m), "b": (n,) zeros}, for each consecutive pair (m, n) of sizes.
    """
    params = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        # TODO: draw w with a fresh key for this layer: jax.random.normal(<key>, (m, n)) * sqrt(2 / m).
        raise NotImplementedError("init_mlp is not written yet")
    return params
