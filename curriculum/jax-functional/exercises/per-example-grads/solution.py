"""Per-example gradients with vmap: one gradient per row of the batch."""

import jax


def per_example_grads(loss_fn, params, x, y):
    """Gradients of loss_fn(params, x[i], y[i]) for every i, batched on a new leading axis.

    loss_fn takes ONE example (x[i], y[i]) and returns a scalar. The result has params'
    structure; each leaf has shape (len(x), *leaf.shape).
    """
    # Map over the examples (axis 0 of x and y); every example sees the same params (None).
    return jax.vmap(jax.grad(loss_fn), in_axes=(None, 0, 0))(params, x, y)
