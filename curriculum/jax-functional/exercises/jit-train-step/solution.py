"""A jitted training step for linear regression, with a warm-up learning rate."""

import jax
import jax.numpy as jnp

BASE_LR = 0.1
WARMUP = 5


def loss_fn(params, x, y):
    """Mean squared error of the linear model x @ w + b."""
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


@jax.jit
def train_step(state, x, y):
    """One SGD step. state = {"params": {"w", "b"}, "step": int array}. Returns (new_state, loss)."""
    step = state["step"]  # a tracer: its value is only known when the compiled step runs
    lr = BASE_LR * jnp.minimum(1.0, (step + 1) / WARMUP)  # jnp, not Python's min()
    loss, grads = jax.value_and_grad(loss_fn)(state["params"], x, y)
    params = jax.tree.map(lambda p, g: p - lr * g, state["params"], grads)
    return {"params": params, "step": step + 1}, loss
