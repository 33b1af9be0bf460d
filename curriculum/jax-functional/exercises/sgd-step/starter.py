"""One step of gradient descent on any pytree of parameters."""

import jax


def sgd_step(loss_fn, params, batch, lr):
    """Returns (new_params, loss): params moved by -lr * gradient, and the loss at `params`.

    loss_fn(params, batch) returns a scalar; params is any pytree (dicts, lists, tuples of arrays).
    """
    # TODO: the loss and its gradient with respect to params (one call can give both),
    # then a new pytree of the same structure with every leaf p replaced by p - lr * g.
    raise NotImplementedError("sgd_step is not written yet")
