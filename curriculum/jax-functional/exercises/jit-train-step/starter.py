"""A jitted training step for linear regression, with a warm-up learning rate."""

import jax
import jax.numpy as jnp

BASE_LR = 0.1
WARMUP = 5


def loss_fn(params, x, y):
    """Mean squared error of the linear model x @ w + b."""
    # TODO
    raise NotImplementedError("loss_fn is not written yet")


# TODO: compile train_step with jax.jit.
def train_step(state, x, y):
    """One SGD step. state = {"params": {"w", "b"}, "step": int array}. Returns (new_state, loss)."""
    # TODO: lr = BASE_LR * min(1, (step + 1) / WARMUP), computed from state["step"];
    # the loss and gradients at state["params"]; a new state with the updated params and step + 1.
    raise NotImplementedError("train_step is not written yet")
