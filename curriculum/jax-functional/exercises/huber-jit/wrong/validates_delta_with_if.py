"""Checks `if delta <= 0` inside the jitted function: delta is traced, and a Python `if` on it raises."""

from functools import partial

import jax
import jax.numpy as jnp


@partial(jax.jit, static_argnames="reduction")
def huber_loss(pred, target, delta=1.0, reduction="mean"):
    if delta <= 0:
        raise ValueError(f"delta must be positive, got {delta}")
    err = pred - target
    abs_err = jnp.abs(err)
    losses = jnp.where(abs_err <= delta, 0.5 * err**2, delta * (abs_err - 0.5 * delta))
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses
