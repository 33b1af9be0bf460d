import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from exercise import per_example_grads

N, D, K = 12, 3, 2  # examples, features, outputs: all different, so mixed-up axes show


# The losses are jitted so that the checks compile a few programs, not every primitive alone.
@jax.jit
def linear_loss(params, x, y):
    """One example: x (D,), y (K,)."""
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


@jax.jit
def mlp_loss(params, x, y):
    h = jnp.tanh(x @ params[0]["w"] + params[0]["b"])
    return jnp.mean((h @ params[1]["w"] + params[1]["b"] - y) ** 2)


def data(seed, n=N):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, D)).astype(np.float32)
    y = rng.normal(size=(n, K)).astype(np.float32)
    return jnp.asarray(x), jnp.asarray(y)


def linear_params():
    rng = np.random.default_rng(100)
    return {"w": jnp.asarray(rng.normal(size=(D, K)), jnp.float32), "b": jnp.asarray([0.1, -0.2], jnp.float32)}


def mlp_params():
    rng = np.random.default_rng(101)
    return [
        {"w": jnp.asarray(rng.normal(size=(D, 4)), jnp.float32), "b": jnp.zeros(4, jnp.float32)},
        {"w": jnp.asarray(rng.normal(size=(4, K)), jnp.float32), "b": jnp.zeros(K, jnp.float32)},
    ]


def call(loss_fn, params, x, y):
    try:
        return per_example_grads(loss_fn, params, x, y)
    except NotImplementedError:
        pytest.fail("per_example_grads is not written yet (it raises NotImplementedError)")
    except ValueError as error:
        if "vmap" in str(error):
            pytest.fail(
                f"jax.vmap raised: {str(error).splitlines()[0]} Only x and y have a batch axis; params "
                "is shared by every example, so it must not be mapped: in_axes=(None, 0, 0)"
            )
        raise


def loop_reference(loss_fn, params, x, y):
    grad_one = jax.jit(jax.grad(loss_fn))
    grads = [grad_one(params, x[i], y[i]) for i in range(len(x))]
    return jax.tree.map(lambda *leaves: np.stack([np.asarray(leaf) for leaf in leaves]), *grads)


def compare(got, want, what):
    got_def, want_def = jax.tree.structure(got), jax.tree.structure(want)
    assert got_def == want_def, f"{what}: the result must have params' structure {want_def}, got {got_def}"
    for (path, w), g in zip(jax.tree_util.tree_leaves_with_path(want), jax.tree.leaves(got)):
        name = jax.tree_util.keystr(path)
        assert np.shape(g) == w.shape, (
            f"{what}: the gradients of params{name} should have shape {w.shape} (one gradient of "
            f"shape {w.shape[1:]} per example, for {w.shape[0]} examples), got {np.shape(g)}"
        )
        assert np.allclose(np.asarray(g), w, atol=1e-5), (
            f"{what}: the gradients of params{name} differ from a loop of jax.grad over the examples "
            f"(first example: expected {w[0].ravel()[:4]}, got {np.asarray(g)[0].ravel()[:4]}). "
            "Example i must be scored against its own target y[i]"
        )


def test_matches_a_loop_over_examples():
    x, y = data(0)
    params = linear_params()
    compare(call(linear_loss, params, x, y), loop_reference(linear_loss, params, x, y), "linear model")


def test_works_on_any_pytree():
    x, y = data(1)
    params = mlp_params()
    compare(call(mlp_loss, params, x, y), loop_reference(mlp_loss, params, x, y), "two-layer MLP")


def test_one_trace_for_the_whole_batch():
    calls = 0

    def counting_loss(params, x, y):  # not jitted: it counts how often it runs
        nonlocal calls
        calls += 1  # a Python side effect: runs each time loss_fn is called or traced
        return linear_loss(params, x, y)

    x, y = data(2)
    call(counting_loss, linear_params(), x, y)
    assert calls <= 2, (
        f"loss_fn ran {calls} times for a batch of {N} examples: the examples were handled one by one. "
        "Vectorise with jax.vmap: it traces loss_fn once and runs it on the whole batch"
    )
