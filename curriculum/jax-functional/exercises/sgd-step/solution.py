"""One step of gradient descent on any pytree of parameters."""

import jax


def sgd_step(loss_fn, params, batch, lr):
    """Returns (new_params, loss): params moved by -lr * gradient, and the loss at `params`.

    loss_fn(params, batch) returns a scalar; params is any pytree (dicts, lists, tuples of arrays).
    """
    loss, grads = jax.value_and_grad(loss_fn)(params, batch)  # grads has params' structure
    new_params = jax.tree.map(lambda p, g: p - lr * g, params, grads)  # new leaves, new containers
    return new_params, loss
