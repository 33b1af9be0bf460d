"""Per-example gradients with vmap: one gradient per row of the batch."""

import jax


def per_example_grads(loss_fn, params, x, y):
    """Gradients of loss_fn(params, x[i], y[i]) for every i, batched on a new leading axis.

    loss_fn takes ONE example (x[i], y[i]) and returns a scalar. The result has params'
    structure; each leaf has shape (len(x), *leaf.shape).
    """
    grad_one = jax.grad(loss_fn)  # the gradient for one example
    # TODO: apply grad_one to every example at once with jax.vmap. Which arguments are batched?
    raise NotImplementedError("per_example_grads is not written yet")
