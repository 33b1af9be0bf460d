import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from exercise import sgd_step


# The losses are jitted so that the checks compile a few programs, not every primitive on its own.
@jax.jit
def linear_loss(params, batch):
    x, y = batch
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


@jax.jit
def mlp_loss(params, batch):
    x, y = batch
    h = x
    for layer in params[:-1]:
        h = jnp.tanh(h @ layer["w"] + layer["b"])
    out = h @ params[-1]["w"] + params[-1]["b"]
    return jnp.mean((out[:, 0] - y) ** 2)


@jax.jit
def tuple_loss(params, batch):
    (w, b), x, y = params, *batch
    return jnp.mean((x @ w + b - y) ** 2)


def data(seed=0, n=16, d=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype(np.float32)
    y = (x @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.1 * rng.normal(size=n)).astype(np.float32)
    return jnp.asarray(x), jnp.asarray(y)


def linear_params():
    return {"w": jnp.array([0.2, 0.1, -0.3]), "b": jnp.array(0.05)}


def mlp_params():
    rng = np.random.default_rng(1)
    shapes = [(3, 4), (4, 4), (4, 1)]
    return [{"w": jnp.asarray(rng.normal(size=s).astype(np.float32) * 0.5), "b": jnp.zeros(s[1])} for s in shapes]


def step(loss_fn, params, batch, lr, what="a dict {'w', 'b'}"):
    try:
        result = sgd_step(loss_fn, params, batch, lr)
    except NotImplementedError:
        pytest.fail("sgd_step is not written yet (it raises NotImplementedError)")
    except Exception as error:
        pytest.fail(
            f"sgd_step raised {type(error).__name__}: {error} (params: {what}). It must work on any "
            "pytree of parameters: jax.tree.map walks every dict, list and tuple for you"
        )
    assert isinstance(result, tuple) and len(result) == 2, (
        f"sgd_step must return a pair (new_params, loss), got {type(result).__name__}"
    )
    return result


def same_structure(got, want, what):
    got_def, want_def = jax.tree.structure(got), jax.tree.structure(want)
    assert got_def == want_def, (
        f"{what}: new_params must have the structure of params (the same dicts, lists and tuples). "
        f"Expected {want_def}, got {got_def}. jax.tree.map(f, params, grads) keeps it"
    )


def test_linear_step_follows_the_gradient():
    x, y = data()
    params = linear_params()
    # The gradient of the mean squared error, by hand, in float64.
    X, Y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    w, b = np.asarray(params["w"], np.float64), float(params["b"])
    r = X @ w + b - Y
    want_w, want_b = w - 0.1 * 2 * X.T @ r / len(r), b - 0.1 * 2 * r.mean()
    new, loss = step(linear_loss, params, (x, y), 0.1)
    same_structure(new, params, "a dict {'w', 'b'}")
    assert np.allclose(np.asarray(new["w"]), want_w, atol=1e-5) and np.isclose(float(new["b"]), want_b, atol=1e-5), (
        f"new params should be params - lr * gradient: expected w={np.round(want_w, 5)}, b={want_b:.5f}; "
        f"got w={np.round(np.asarray(new['w']), 5)}, b={float(new['b']):.5f}"
    )
    assert np.isclose(float(loss), np.mean(r**2), rtol=1e-5), (
        f"the loss returned should be loss_fn at the params passed in (before the update): "
        f"expected {np.mean(r**2):.6f}, got {float(loss):.6f}"
    )


def test_works_on_any_pytree():
    x, y = data(seed=2)
    cases = [
        ("a list of layer dicts", mlp_loss, mlp_params()),
        ("a tuple (w, b)", tuple_loss, (jnp.array([0.2, 0.1, -0.3]), jnp.array(0.05))),
    ]
    for what, loss_fn, params in cases:
        grads = jax.grad(loss_fn)(params, (x, y))
        want = jax.tree.map(lambda p, g: p - 0.05 * g, params, grads)
        new, loss = step(loss_fn, params, (x, y), 0.05, what)
        same_structure(new, want, what)
        for path, (g, e) in zip(
            [jax.tree_util.keystr(p) for p, _ in jax.tree_util.tree_leaves_with_path(params)],
            zip(jax.tree.leaves(new), jax.tree.leaves(want)),
        ):
            assert np.allclose(np.asarray(g), np.asarray(e), atol=1e-5), (
                f"{what}: the leaf params{path} should be p - lr * g; expected {np.asarray(e).ravel()[:4]}..., "
                f"got {np.asarray(g).ravel()[:4]}..."
            )


def test_leaves_the_callers_params_alone():
    x, y = data()
    params = mlp_params()
    before = jax.tree.map(np.asarray, params)
    first_w = params[0]["w"]
    new, _ = step(mlp_loss, params, (x, y), 0.05, "a list of layer dicts")
    assert params[0]["w"] is first_w and all(
        np.array_equal(np.asarray(a), b) for a, b in zip(jax.tree.leaves(params), jax.tree.leaves(before))
    ), (
        "sgd_step changed the params it was given: the caller's dicts now hold the new arrays. "
        "Build new containers (jax.tree.map does) and leave the old params as they were"
    )
    assert new is not params, "sgd_step must return a new pytree, not the params it was given"


def test_works_under_jit():
    x, y = data()
    params = linear_params()
    try:
        new, loss = jax.jit(sgd_step, static_argnums=0)(linear_loss, params, (x, y), 0.1)
    except jax.errors.ConcretizationTypeError as error:
        pytest.fail(
            "sgd_step fails under jax.jit: it turns a traced value into a Python number "
            f"(float(), .item(), bool()). Keep the loss a JAX array. ({type(error).__name__})"
        )
    eager_new, eager_loss = step(linear_loss, params, (x, y), 0.1)
    assert np.allclose(float(loss), float(eager_loss), rtol=1e-5) and all(
        np.allclose(np.asarray(a), np.asarray(b), atol=1e-6)
        for a, b in zip(jax.tree.leaves(new), jax.tree.leaves(eager_new))
    ), "jax.jit(sgd_step) gave a different result from sgd_step: keep the function pure"


def test_repeated_steps_lower_the_loss():
    x, y = data(seed=3)
    params = linear_params()
    losses = []
    for _ in range(30):
        params, loss = step(linear_loss, params, (x, y), 0.1)
        losses.append(float(loss))
    assert losses[-1] < 0.05 * losses[0], (
        f"30 steps of lr=0.1 on a linear regression should cut the loss by 95%: it went from "
        f"{losses[0]:.4f} to {losses[-1]:.4f}"
    )
