"""A jitted Huber loss: `reduction` is static, everything else is traced."""

import jax
import jax.numpy as jnp


# TODO: compile huber_loss with jax.jit. Which argument must be static, and which must not?
def huber_loss(pred, target, delta=1.0, reduction="mean"):
    """Huber loss of pred against target: quadratic for |error| <= delta, linear beyond.

    reduction: "mean", "sum" or "none" (the per-element losses, in pred's shape).
    """
    err = pred - target
    # TODO: per element, 0.5 * err**2 where |err| <= delta, else delta * (|err| - 0.5 * delta);
    # then reduce as `reduction` says.
    raise NotImplementedError("huber_loss is not written yet")
