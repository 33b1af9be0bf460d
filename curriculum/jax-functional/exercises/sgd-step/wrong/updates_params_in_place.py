"""Updates the caller's dicts and lists in place, like a PyTorch optimizer: the old params are lost."""

import jax


def _update(p, g, lr):
    if isinstance(p, dict):
        for k in p:
            p[k] = _update(p[k], g[k], lr)
        return p
    if isinstance(p, list):
        for i in range(len(p)):
            p[i] = _update(p[i], g[i], lr)
        return p
    if isinstance(p, tuple):
        return tuple(_update(a, b, lr) for a, b in zip(p, g))
    return p - lr * g


def sgd_step(loss_fn, params, batch, lr):
    loss, grads = jax.value_and_grad(loss_fn)(params, batch)
    return _update(params, grads, lr), loss
