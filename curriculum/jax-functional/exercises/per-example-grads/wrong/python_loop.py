"""Loops over the examples in Python and stacks the gradients: right numbers, one trace per example."""

import jax
import jax.numpy as jnp


def per_example_grads(loss_fn, params, x, y):
    grads = [jax.grad(loss_fn)(params, x[i], y[i]) for i in range(len(x))]
    return jax.tree.map(lambda *leaves: jnp.stack(leaves), *grads)
