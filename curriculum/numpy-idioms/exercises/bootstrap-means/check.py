import sys

import numpy as np

import exercise
from exercise import bootstrap_means

# --- Counting the Python-level steps of the learner's module -------------------------------
# "No Python loops" is checked by behaviour, never by reading the source: the same function runs on
# a small and on a much larger input while we count the steps taken in exercise.py (lines executed,
# including inside comprehensions, lambdas and helpers, plus every function called from it). Whole-
# array code takes the same few steps whatever the size; a loop (for, while, a comprehension, map,
# np.vectorize, np.apply_along_axis over a function of yours) takes more steps on more data.
EXERCISE_FILE = exercise.__file__
LOOP_ALLOWANCE = 8  # a few size-dependent branches are fine; one step per row or column is not


def python_steps(function, *args, **kwargs):
    """(result, steps): function(*args, **kwargs) and the Python steps it took in exercise.py."""
    steps = 0

    def on_line(frame, event, arg):
        nonlocal steps
        if event == "line":
            steps += 1
        return on_line

    def on_call(frame, event, arg):
        nonlocal steps
        if frame.f_code.co_filename == EXERCISE_FILE:
            return on_line  # count the lines of every frame of the learner's module
        caller = frame.f_back
        if caller is not None and caller.f_code.co_filename == EXERCISE_FILE:
            steps += 1  # a Python function (NumPy's own included) called from the learner's module
        return None

    def on_profile(frame, event, arg):
        nonlocal steps
        if event == "c_call" and frame.f_code.co_filename == EXERCISE_FILE:
            steps += 1  # a built-in or C function called from the learner's module

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.setprofile(on_profile)
    sys.settrace(on_call)
    try:
        result = function(*args, **kwargs)
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)
    return result, steps


def assert_no_python_loops(call, small, large, what):
    """call(*small) and call(*large) must take the same number of steps, give or take a few."""
    _, few = python_steps(call, *small)
    _, many = python_steps(call, *large)
    assert many <= few + LOOP_ALLOWANCE, (
        f"No Python loops: {what} took {few} Python steps in your module on the small input and "
        f"{many} on the large one. Whole-array code takes the same few steps at any size; the count "
        "grows with a loop (for/while, a comprehension, map, np.vectorize or np.apply_along_axis "
        "over a Python function). Let NumPy do the looping: broadcasting, reductions with axis=, "
        "einsum or @."
    )
# ---------------------------------------------------------------------------------------------


def test_shape_and_values_come_from_x():
    x = np.array([0.0, 10.0])
    out = bootstrap_means(x, 500, np.random.default_rng(0))
    assert isinstance(out, np.ndarray), f"expected a numpy array, got {type(out).__name__}"
    assert out.shape == (500,), f"expected one mean per resample, shape (500,), got {out.shape}"
    seen = set(np.unique(out).tolist())
    assert seen <= {0.0, 5.0, 10.0}, (
        f"resamples of [0, 10] of size 2 can only have means 0, 5 or 10; got {sorted(seen)[:6]}"
    )
    assert seen == {0.0, 5.0, 10.0}, (
        f"drawing with replacement, means 0, 5 and 10 should all appear in 500 resamples; got only {sorted(seen)}"
    )


def test_same_seed_same_result_different_seed_different_result():
    x = np.random.default_rng(123).normal(size=50)
    a = bootstrap_means(x, 200, np.random.default_rng(7))
    b = bootstrap_means(x, 200, np.random.default_rng(7))
    c = bootstrap_means(x, 200, np.random.default_rng(8))
    assert np.array_equal(a, b), "two generators with the same seed must give exactly the same result"
    assert not np.array_equal(a, c), "a different seed gave the same result: draw from the `rng` argument"


def test_uses_the_passed_generator_and_advances_it():
    x = np.arange(20.0)
    rng = np.random.default_rng(3)
    first = bootstrap_means(x, 100, rng)
    second = bootstrap_means(x, 100, rng)
    assert not np.array_equal(first, second), (
        "two calls with the same Generator returned the same numbers: use `rng` itself, "
        "do not create a new generator from a fixed seed inside the function"
    )


def test_does_not_touch_global_random_state():
    np.random.seed(2024)
    expected_next = np.random.random()
    np.random.seed(2024)
    bootstrap_means(np.arange(10.0), 50, np.random.default_rng(0))
    assert np.random.random() == expected_next, (
        "the function drew from np.random's global state; use the `rng` argument (rng.integers, rng.choice)"
    )


def test_statistics_look_like_a_bootstrap():
    x = np.random.default_rng(5).exponential(size=200)
    out = bootstrap_means(x, 4000, np.random.default_rng(11))
    assert out.shape == (4000,), f"expected shape (4000,), got {out.shape}"
    standard_error = x.std() / np.sqrt(len(x))
    assert abs(out.mean() - x.mean()) < 0.3 * standard_error, (
        f"the bootstrap means should centre on x.mean() = {x.mean():.4f}, got {out.mean():.4f}"
    )
    assert 0.85 < out.std() / standard_error < 1.15, (
        f"the spread of the bootstrap means should be close to x.std() / sqrt(len(x)) = {standard_error:.4f}, "
        f"got {out.std():.4f}: each resample must have len(x) elements drawn with replacement"
    )


def test_single_element_and_single_resample():
    out = bootstrap_means(np.array([4.5]), 3, np.random.default_rng(0))
    assert np.shape(out) == (3,), f"expected shape (3,), got {np.shape(out)}"
    assert np.allclose(out, 4.5), f"resampling the single element 4.5 always gives 4.5, got {out}"
    out = bootstrap_means(np.arange(5.0), 1, np.random.default_rng(0))
    assert np.shape(out) == (1,), f"n_resamples=1 must give shape (1,), got {np.shape(out)}"


def test_no_python_loop_over_resamples():
    x_small = np.arange(3.0)
    x_large = np.random.default_rng(9).normal(size=60)
    assert_no_python_loops(
        bootstrap_means,
        (x_small, 2, np.random.default_rng(0)),
        (x_large, 50, np.random.default_rng(0)),
        "bootstrap_means with len(x) = 3, n_resamples = 2 and with len(x) = 60, n_resamples = 50",
    )
