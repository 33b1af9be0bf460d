"""Returns the loss as a Python float (loss.item(), as in PyTorch): fails as soon as the step is jitted."""

import jax


def sgd_step(loss_fn, params, batch, lr):
    loss, grads = jax.value_and_grad(loss_fn)(params, batch)
    new_params = jax.tree.map(lambda p, g: p - lr * g, params, grads)
    return new_params, loss.item()
