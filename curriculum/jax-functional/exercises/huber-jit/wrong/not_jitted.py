"""Never compiles the function: correct numbers, but every call runs the Python code op by op."""

import jax.numpy as jnp


def huber_loss(pred, target, delta=1.0, reduction="mean"):
    err = pred - target
    abs_err = jnp.abs(err)
    losses = jnp.where(abs_err <= delta, 0.5 * err**2, delta * (abs_err - 0.5 * delta))
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses
