"""Updates the flat list of leaves and returns it: the dicts and lists of the parameter tree are lost."""

import jax


def sgd_step(loss_fn, params, batch, lr):
    loss, grads = jax.value_and_grad(loss_fn)(params, batch)
    new_params = [p - lr * g for p, g in zip(jax.tree.leaves(params), jax.tree.leaves(grads))]
    return new_params, loss
