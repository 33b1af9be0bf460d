import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import exercise
from exercise import train_step

EXERCISE_FILE = os.path.realpath(exercise.__file__)
N, D = 16, 3


def batch(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, D))
    y = x @ np.array([2.0, -1.0, 0.5]) + 1.0 + 0.1 * rng.normal(size=N)
    return jnp.asarray(x, jnp.float32), jnp.asarray(y, jnp.float32)


def fresh_state(step=0):
    """A new state each time: a train_step that donates its input may delete the old one."""
    return {"params": {"w": jnp.array([0.5, 0.0, -0.5]), "b": jnp.array(0.0)}, "step": jnp.array(step, jnp.int32)}


def run(state, x, y):
    try:
        result = train_step(state, x, y)
    except NotImplementedError as error:
        pytest.fail(f"not written yet: {error}")
    except jax.errors.TracerBoolConversionError as error:
        pytest.fail(
            "a Python `if`, min(), max() or bool() met a traced value inside the jitted step: "
            "state['step'] is a tracer while jax.jit compiles. Compute the warm-up with jnp.minimum "
            f"or jnp.where. ({type(error).__name__})"
        )
    except jax.errors.TracerArrayConversionError as error:
        pytest.fail(
            "NumPy was called on a traced array (inside jax.jit or jax.grad): write the loss with "
            f"jax.numpy (jnp.mean, @ or jnp.dot), not np. ({type(error).__name__})"
        )
    except jax.errors.ConcretizationTypeError as error:
        pytest.fail(
            "a traced value was turned into a Python number (int(), float(), .item()) inside the "
            f"jitted step: keep everything a JAX array. ({type(error).__name__})"
        )
    assert isinstance(result, tuple) and len(result) == 2, (
        f"train_step must return (new_state, loss), got {type(result).__name__}"
    )
    new_state, loss = result
    assert isinstance(new_state, dict) and set(new_state) == {"params", "step"}, (
        f"the new state must be a dict with keys 'params' and 'step', got {str(new_state)[:100]}"
    )
    return new_state, loss


def reference(steps, seeds):
    """Plain NumPy gradient descent in float64 with the warm-up schedule: what train_step must do."""
    w, b = np.array([0.5, 0.0, -0.5]), 0.0
    losses = []
    for step, seed in zip(range(steps), seeds):
        x, y = (np.asarray(a, np.float64) for a in batch(seed))
        r = x @ w + b - y
        losses.append(np.mean(r**2))
        lr = 0.1 * min(1.0, (step + 1) / 5)
        w, b = w - lr * 2 * x.T @ r / N, b - lr * 2 * r.mean()
    return w, b, losses


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
        result = fn()
    finally:
        sys.setprofile(None)
    return count, result


def test_first_step():
    x, y = batch(0)
    new_state, loss = run(fresh_state(), x, y)
    w, b, losses = reference(1, [0])
    assert np.isclose(float(loss), losses[0], rtol=1e-5), (
        f"the loss returned should be the mean squared error at the old params: expected "
        f"{losses[0]:.6f}, got {float(loss):.6f}"
    )
    got_w, got_b = np.asarray(new_state["params"]["w"]), float(new_state["params"]["b"])
    assert np.allclose(got_w, w, atol=1e-5) and np.isclose(got_b, b, atol=1e-5), (
        f"step 0 uses lr = 0.1 * min(1, 1/5) = 0.02: expected w={w.round(5)}, b={b:.5f}; "
        f"got w={got_w.round(5)}, b={got_b:.5f}"
    )
    assert int(new_state["step"]) == 1, f"the new state's step should be 1, got {new_state['step']}"


def test_follows_the_warm_up_schedule():
    seeds = [10 + i for i in range(8)]
    state = fresh_state()
    for i, seed in enumerate(seeds):
        state, loss = run(state, *batch(seed))
        w, b, losses = reference(i + 1, seeds)
        got_w, got_b = np.asarray(state["params"]["w"]), float(state["params"]["b"])
        assert np.isclose(float(loss), losses[-1], rtol=1e-4), (
            f"step {i}: expected loss {losses[-1]:.6f}, got {float(loss):.6f}"
        )
        assert np.allclose(got_w, w, atol=1e-4) and np.isclose(got_b, b, atol=1e-4), (
            f"after step {i} (lr should be {0.1 * min(1, (i + 1) / 5):.2f}): expected w={w.round(4)}, "
            f"b={b:.4f}; got w={got_w.round(4)}, b={got_b:.4f}. The rate must come from "
            "state['step'] at run time, and each step must return step + 1: a Python number or a "
            "global variable is read once, while jax.jit traces"
        )
    assert int(state["step"]) == len(seeds), f"after {len(seeds)} steps, step should be {len(seeds)}, got {state['step']}"


def test_compiles_once():
    state, _ = run(fresh_state(), *batch(20))  # the first call may trace
    calls, _ = python_runs(lambda: [run(s, *batch(21 + i)) for i, s in enumerate([state, fresh_state(3), fresh_state(9)])])
    assert calls == 0, (
        "train_step ran Python code of your file again for a new state and batch of the same shapes "
        f"({calls} Python calls over 3 steps). Compile it once with jax.jit (at module level, "
        "not inside the function) and keep the step a traced array, so that every step reuses "
        "the compiled program"
    )


def test_is_pure():
    x, y = batch(30)
    a_state, a_loss = run(fresh_state(2), x, y)
    b_state, b_loss = run(fresh_state(2), x, y)
    same = float(a_loss) == float(b_loss) and all(
        np.array_equal(np.asarray(p), np.asarray(q)) for p, q in zip(jax.tree.leaves(a_state), jax.tree.leaves(b_state))
    )
    assert same, "the same state and batch gave different results on two calls: the step must be a pure function"


def test_lowers_the_loss():
    state = fresh_state()
    x, y = batch(40)
    losses = []
    for _ in range(12):
        state, loss = run(state, x, y)
        losses.append(float(loss))
    assert losses[-1] < 0.25 * losses[0], (
        f"12 steps on one batch should cut the loss by 75%: it went from {losses[0]:.4f} to {losses[-1]:.4f}"
    )
