import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from exercise import init_mlp

# One set of layer sizes for every test, so that each shape is compiled once: layer 0 is not
# square (w must be (m, n), not (n, m)); layers 1 and 2 have the same shape.
SIZES = [40, 60, 60, 60]
SHAPES = [(40, 60), (60, 60), (60, 60)]


def build(key):
    try:
        params = init_mlp(key, list(SIZES))
    except NotImplementedError:
        pytest.fail("init_mlp is not written yet (it raises NotImplementedError)")
    assert isinstance(params, list), f"init_mlp must return a list of layer dicts, got {type(params).__name__}"
    assert len(params) == len(SIZES) - 1, (
        f"sizes={SIZES} describes {len(SIZES) - 1} layers; init_mlp returned {len(params)}"
    )
    return params


def weights(params):
    return [np.asarray(layer["w"], dtype=np.float64) for layer in params]


def test_layers_have_the_right_shapes_and_dtypes():
    params = build(jax.random.key(0))
    for i, ((m, n), layer) in enumerate(zip(SHAPES, params)):
        assert isinstance(layer, dict) and set(layer) == {"w", "b"}, (
            f"layer {i} must be a dict with keys 'w' and 'b', got {str(layer)[:80]}"
        )
        for name, shape in (("w", (m, n)), ("b", (n,))):
            leaf = layer[name]
            assert isinstance(leaf, jax.Array), (
                f"layer {i} {name!r} must be a JAX array (jax.random / jnp), got {type(leaf).__name__}"
            )
            assert leaf.shape == shape, f"layer {i} {name!r}: expected shape {shape}, got {leaf.shape}"
            assert leaf.dtype == jnp.float32, f"layer {i} {name!r}: expected float32, got {leaf.dtype}"


def test_biases_start_at_zero():
    for i, layer in enumerate(build(jax.random.key(0))):
        assert not np.any(np.asarray(layer["b"])), f"layer {i}: 'b' must be all zeros, got {layer['b']}"


def test_same_key_gives_the_same_parameters():
    np.random.seed(1)
    first = weights(build(jax.random.key(7)))
    np.random.seed(2)
    again = weights(build(jax.random.key(7)))
    for i, (a, b) in enumerate(zip(first, again)):
        assert np.array_equal(a, b), (
            f"layer {i}: two calls with jax.random.key(7) gave different weights. Draw only with keys "
            "derived from `key`, not with NumPy's or any other global random state"
        )


def test_different_keys_give_different_parameters():
    a, b = weights(build(jax.random.key(0))), weights(build(jax.random.key(1)))
    assert not np.allclose(a[0], b[0]), (
        "jax.random.key(0) and jax.random.key(1) gave the same weights: derive every draw from the "
        "`key` argument, not from a key made inside init_mlp"
    )


def test_every_layer_draws_with_its_own_key():
    # Layers of one shape drawn with one key are equal; layers of different shapes drawn with one
    # key share their first numbers. Compare the unscaled draws of every pair of layers.
    ws = weights(build(jax.random.key(3)))
    unit = [(w * np.sqrt(m / 2.0)).ravel() for w, m in zip(ws, SIZES[:-1])]
    for i in range(len(unit)):
        for j in range(i + 1, len(unit)):
            k = min(len(unit[i]), len(unit[j]))
            assert not np.allclose(unit[i][:k], unit[j][:k], atol=1e-4), (
                f"layers {i} and {j} were drawn from the same random numbers: one key was used twice. "
                "Give every layer a fresh key: jax.random.split(key, n_layers), or "
                "`key, sub = jax.random.split(key)` in the loop (and keep the new `key`)"
            )


def test_the_given_key_is_only_split():
    key = jax.random.key(5)
    ws = weights(build(key))
    for i, (w, shape) in enumerate(zip(ws, SHAPES)):
        direct = np.asarray(jax.random.normal(key, shape), dtype=np.float64) * np.sqrt(2.0 / shape[0])
        assert not np.allclose(w, direct, atol=1e-5), (
            f"layer {i} was drawn with the key init_mlp received. That key is also split to make the "
            "other layers' keys, so it is used twice: split it first and draw only with the new keys"
        )


def test_weights_are_scaled_by_sqrt_2_over_fan_in():
    ws = weights(build(jax.random.key(11)))
    for i, (w, (m, _)) in enumerate(zip(ws, SHAPES)):
        expected = np.sqrt(2.0 / m)
        assert abs(w.std() - expected) < 0.06 * expected and abs(w.mean()) < 0.1 * expected, (
            f"layer {i}: weights of a layer with m = {m} inputs should have mean ≈ 0 and std ≈ "
            f"sqrt(2 / {m}) = {expected:.4f}; got mean {w.mean():.4f}, std {w.std():.4f}. "
            "Multiply jax.random.normal(...) by sqrt(2 / m)"
        )
