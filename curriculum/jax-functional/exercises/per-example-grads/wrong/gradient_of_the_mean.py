"""Takes the gradient of the batch's mean loss: one averaged gradient, not one per example."""

import jax
import jax.numpy as jnp


def per_example_grads(loss_fn, params, x, y):
    def mean_loss(p):
        return jnp.mean(jax.vmap(loss_fn, in_axes=(None, 0, 0))(p, x, y))

    return jax.grad(mean_loss)(params)
