"""Flattens params and gradients to lists of leaves, updates them, and rebuilds the tree from its treedef."""

import jax


def sgd_step(loss_fn, params, batch, lr):
    loss, grads = jax.value_and_grad(loss_fn)(params, batch)
    leaves, treedef = jax.tree.flatten(params)
    grad_leaves = jax.tree.leaves(grads)
    new_leaves = [p - lr * g for p, g in zip(leaves, grad_leaves)]
    return jax.tree.unflatten(treedef, new_leaves), loss
