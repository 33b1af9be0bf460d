"""jnp.clip for the warm-up factor, and donate_argnums=0: the old state's buffers are reused for the new one."""

from functools import partial

import jax
import jax.numpy as jnp

BASE_LR = 0.1
WARMUP = 5


def loss_fn(params, x, y):
    residual = x @ params["w"] + params["b"] - y
    return (residual**2).mean()


@partial(jax.jit, donate_argnums=0)
def train_step(state, x, y):
    factor = jnp.clip((state["step"] + 1) / WARMUP, 0.0, 1.0)
    loss, grads = jax.value_and_grad(loss_fn)(state["params"], x, y)
    params = jax.tree.map(lambda p, g: p - BASE_LR * factor * g, state["params"], grads)
    return dict(params=params, step=state["step"] + 1), loss
