"""The Jacobian of the vector of per-example losses: row i is the gradient of loss i."""

import jax


def per_example_grads(loss_fn, params, x, y):
    def losses(p):
        return jax.vmap(loss_fn, in_axes=(None, 0, 0))(p, x, y)  # shape (n,)

    # jacrev puts the output axis (n) first: every leaf becomes (n, *leaf.shape).
    return jax.jacrev(losses)(params)
