import sys

import numpy as np

import exercise
from exercise import standardize_columns

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


def assert_close(actual, expected, message, rtol=1e-7, atol=1e-8):
    actual = np.asarray(actual, dtype=float)
    expected = np.broadcast_to(np.asarray(expected, dtype=float), actual.shape)
    worst = np.max(np.abs(actual - expected), initial=0.0)
    assert np.allclose(actual, expected, rtol=rtol, atol=atol), (
        f"{message}: largest difference {worst:.3g}\nexpected:\n{expected}\ngot:\n{actual}"
    )


def test_columns_have_mean_zero_and_std_one():
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[5.0, -3.0, 100.0], scale=[1.0, 0.01, 50.0], size=(200, 3))
    out = standardize_columns(X)
    assert isinstance(out, np.ndarray), f"expected a numpy array, got {type(out).__name__}"
    assert out.shape == X.shape, f"expected the input's shape {X.shape}, got {out.shape}"
    assert_close(out.mean(axis=0), 0.0, "each column's mean must be 0", atol=1e-9)
    assert_close(out.std(axis=0), 1.0, "each column's std (ddof=0) must be 1", rtol=1e-9)


def test_small_known_values():
    X = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0]])
    out = standardize_columns(X)
    assert out.shape == (3, 2), f"expected shape (3, 2), got {out.shape}"
    expected = np.array([[-1.22474487, -1.22474487], [0.0, 1.22474487], [1.22474487, 0.0]])
    assert_close(out, expected, "z-scores per column with the population std (ddof=0)")


def test_constant_columns_become_zero():
    X = np.array([
        [1.0, 3.0, 0.1],
        [2.0, 3.0, 0.1],
        [4.0, 3.0, 0.1],
        [7.0, 3.0, 0.1],
        [8.0, 3.0, 0.1],
        [9.0, 3.0, 0.1],
        [9.5, 3.0, 0.1],
    ])
    out = standardize_columns(X)
    assert out.shape == X.shape, f"expected the input's shape {X.shape}, got {out.shape}"
    assert np.isfinite(out).all(), "constant columns must give 0, not nan or inf"
    assert_close(out[:, 1], 0.0, "the constant column of 3.0 must become all 0", atol=1e-12)
    assert_close(
        out[:, 2], 0.0,
        "the constant column of 0.1 must become all 0 (hint: print(X[:, 2].std()))", atol=1e-12,
    )
    assert_close(out[:, 0].std(), 1.0, "the non-constant column must still be standardised")


def test_single_row_is_all_zeros():
    out = standardize_columns(np.array([[4.0, -2.0, 7.5]]))
    assert out.shape == (1, 3), f"expected shape (1, 3), got {out.shape}"
    assert_close(out, 0.0, "with a single row every column is constant, so the result is all 0", atol=1e-12)


def test_integer_input_gives_floats_and_input_is_untouched():
    X = np.array([[1, 2], [3, 4], [5, 9]])
    before = X.copy()
    out = standardize_columns(X)
    assert np.issubdtype(out.dtype, np.floating), f"z-scores must be floats, got dtype {out.dtype}"
    assert np.array_equal(X, before), "standardize_columns must not modify its (integer) input"
    assert_close(out[:, 0], [-1.22474487, 0.0, 1.22474487], "z-scores of the integer column [1, 3, 5]")

    F = np.array([[1.0, 2.0], [3.0, 5.0]])
    F_before = F.copy()
    standardize_columns(F)
    assert np.array_equal(F, F_before), "standardize_columns must return a new array, not modify its input in place"


def test_no_loops_over_rows_or_columns():
    rng = np.random.default_rng(3)
    small = (rng.normal(size=(3, 2)),)
    large = (rng.normal(size=(40, 25)),)
    assert_no_python_loops(
        standardize_columns, small, large, "standardize_columns on X (3, 2) and on X (40, 25)"
    )
