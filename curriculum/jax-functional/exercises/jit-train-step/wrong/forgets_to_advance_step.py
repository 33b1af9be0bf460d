"""Builds the new state from the new params and the old step: the step never advances, so neither does the warm-up."""

import jax
import jax.numpy as jnp

BASE_LR = 0.1
WARMUP = 5


def loss_fn(params, x, y):
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


@jax.jit
def train_step(state, x, y):
    lr = BASE_LR * jnp.minimum(1.0, (state["step"] + 1) / WARMUP)
    loss, grads = jax.value_and_grad(loss_fn)(state["params"], x, y)
    params = jax.tree.map(lambda p, g: p - lr * g, state["params"], grads)
    return {**state, "params": params}, loss
