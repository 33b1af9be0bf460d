import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import exercise
from exercise import huber_loss

EXERCISE_FILE = os.path.realpath(exercise.__file__)


def call(pred, target, delta, reduction):
    """huber_loss(pred, target, delta=delta, reduction=reduction), with errors explained."""
    try:
        return huber_loss(pred, target, delta=delta, reduction=reduction)
    except NotImplementedError:
        pytest.fail("huber_loss is not written yet (it raises NotImplementedError)")
    except jax.errors.TracerBoolConversionError as error:
        pytest.fail(
            "a Python `if` (or and/or/min/max/bool) met a traced value inside the jitted function: "
            "pred, target and delta are tracers while jax.jit compiles, with a shape but no value. "
            f"Choose per element with jnp.where, and do not branch on delta. ({error.__class__.__name__})"
        )
    except jax.errors.TracerArrayConversionError as error:
        pytest.fail(
            "NumPy was called on a traced array inside the jitted function: use jax.numpy "
            f"(jnp.where, jnp.abs, ...) there. ({error.__class__.__name__})"
        )
    except TypeError as error:
        if "str" in str(error):
            pytest.fail(
                "jax.jit could not trace the string `reduction`: only arrays (and numbers) can be "
                "traced. Mark it static: jax.jit(..., static_argnames='reduction')"
            )
        raise


def python_runs(fn):
    """How many Python function calls in exercise.py fn() made: 0 when a compiled version ran."""
    count = 0
    seen = {}

    def profile(frame, event, arg):
        nonlocal count
        if event == "call":
            name = frame.f_code.co_filename
            if name not in seen:
                seen[name] = os.path.realpath(name) == EXERCISE_FILE
            count += seen[name]

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def reference(pred, target, delta):
    err = np.asarray(pred, np.float64) - np.asarray(target, np.float64)
    a = np.abs(err)
    return np.where(a <= delta, 0.5 * err**2, delta * (a - 0.5 * delta))


def sample(seed, shape=(12,)):
    rng = np.random.default_rng(seed)
    pred = rng.normal(scale=2.0, size=shape).astype(np.float32)
    target = rng.normal(size=shape).astype(np.float32)
    return jnp.asarray(pred), jnp.asarray(target)


def test_per_element_losses():
    pred = jnp.array([0.0, 0.5, 1.0, 1.5, -3.0, 2.0], dtype=jnp.float32)
    target = jnp.zeros(6, dtype=jnp.float32)
    got = np.asarray(call(pred, target, 1.0, "none"))
    want = reference(pred, target, 1.0)  # [0, 0.125, 0.5, 1.0, 2.5, 1.5]
    assert got.shape == want.shape, f'reduction="none" must keep pred\'s shape {want.shape}, got {got.shape}'
    assert np.allclose(got, want, atol=1e-6), (
        f"errors {np.asarray(pred)} with delta=1: expected losses {want}, got {got}. Quadratic "
        "0.5 * err**2 where |err| <= delta, linear delta * (|err| - 0.5 * delta) beyond"
    )


def test_mean_sum_and_defaults():
    pred, target = sample(0)
    want = reference(pred, target, 0.7)
    for reduction, expected in (("mean", want.mean()), ("sum", want.sum())):
        got = call(pred, target, 0.7, reduction)
        assert np.ndim(got) == 0 and np.isclose(float(got), expected, rtol=1e-5), (
            f'reduction="{reduction}" with delta=0.7: expected the scalar {expected:.6f}, got {got}'
        )
    try:
        default = huber_loss(pred, target)
    except Exception as error:  # noqa: BLE001 - shown to the learner
        pytest.fail(f"huber_loss(pred, target) with the defaults raised {type(error).__name__}: {error}")
    expected = reference(pred, target, 1.0).mean()
    assert np.isclose(float(default), expected, rtol=1e-5), (
        f"the defaults are delta=1.0 and reduction='mean': expected {expected:.6f}, got {float(default):.6f}"
    )


def test_new_values_do_not_recompile():
    (p1, t1), (p2, t2), (p3, t3) = sample(1), sample(2), sample(3)
    call(p1, t1, 1.0, "mean")  # compiles (traces) once
    later = python_runs(lambda: [call(p, t, 1.0, "mean") for p, t in ((p2, t2), (p3, t3))])
    assert later == 0, (
        "huber_loss ran its Python code again for new values of pred and target of the same shape: "
        f"{later} Python calls into your file over 2 calls. Compile it once with jax.jit, so that "
        "later calls run the compiled version"
    )
    got = float(call(p3, t3, 1.0, "mean"))
    assert np.isclose(got, reference(p3, t3, 1.0).mean(), rtol=1e-5), "the compiled result is wrong"


def test_new_delta_does_not_recompile():
    pred, target = sample(4)
    call(pred, target, 1.0, "sum")
    later = python_runs(lambda: [call(pred, target, d, "sum") for d in (0.25, 0.5, 2.0)])
    assert later == 0, (
        f"a new value of delta made huber_loss trace its Python code again ({later} Python calls into "
        "your file over 3 calls). delta is data: leave it traced. Only `reduction`, which "
        "decides what the program computes, should be static"
    )
    for d in (0.25, 2.0):
        got, want = float(call(pred, target, d, "sum")), reference(pred, target, d).sum()
        assert np.isclose(got, want, rtol=1e-5), f"delta={d}: expected {want:.6f}, got {got:.6f}"


def test_keeps_any_shape():
    pred, target = sample(5, shape=(2, 3))
    got = np.asarray(call(pred, target, 1.0, "none"))
    want = reference(pred, target, 1.0)
    assert got.shape == (2, 3) and np.allclose(got, want, atol=1e-6), (
        f'reduction="none" on (2, 3) inputs: expected {want.round(4).tolist()}, got {got.round(4).tolist()}'
    )
