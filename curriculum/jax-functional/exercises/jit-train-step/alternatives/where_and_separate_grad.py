"""jnp.where for the warm-up, jax.grad and the loss as two calls, and jax.jit applied by assignment."""

import jax
import jax.numpy as jnp

BASE_LR = 0.1
WARMUP = 5


def loss_fn(params, x, y):
    pred = jnp.dot(x, params["w"]) + params["b"]
    return jnp.mean(jnp.square(pred - y))


def _train_step(state, x, y):
    step = state["step"]
    lr = jnp.where(step < WARMUP, BASE_LR * (step + 1) / WARMUP, BASE_LR)
    grads = jax.grad(loss_fn)(state["params"], x, y)
    loss = loss_fn(state["params"], x, y)
    new_params = {name: state["params"][name] - lr * grads[name] for name in state["params"]}
    return {**state, "params": new_params, "step": step + 1}, loss


train_step = jax.jit(_train_step)
