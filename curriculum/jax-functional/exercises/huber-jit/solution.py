"""A jitted Huber loss: `reduction` is static, everything else is traced."""

from functools import partial

import jax
import jax.numpy as jnp


@partial(jax.jit, static_argnames="reduction")
def huber_loss(pred, target, delta=1.0, reduction="mean"):
    """Huber loss of pred against target: quadratic for |error| <= delta, linear beyond.

    reduction: "mean", "sum" or "none" (the per-element losses, in pred's shape).
    """
    err = pred - target
    abs_err = jnp.abs(err)
    # jnp.where picks per element; a Python `if` cannot branch on traced values.
    losses = jnp.where(abs_err <= delta, 0.5 * err**2, delta * (abs_err - 0.5 * delta))
    if reduction == "mean":  # a Python `if` on a static argument: decided while tracing
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(f"unknown reduction {reduction!r}")
