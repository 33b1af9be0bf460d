"""Computes the warm-up with Python's min() on the traced step: comparing a tracer raises under jit."""

import jax
import jax.numpy as jnp

BASE_LR = 0.1
WARMUP = 5


def loss_fn(params, x, y):
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


@jax.jit
def train_step(state, x, y):
    step = state["step"]
    lr = BASE_LR * min(1.0, (step + 1) / WARMUP)
    loss, grads = jax.value_and_grad(loss_fn)(state["params"], x, y)
    params = jax.tree.map(lambda p, g: p - lr * g, state["params"], grads)
    return {"params": params, "step": step + 1}, loss
