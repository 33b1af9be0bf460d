import sys

import numpy as np

import exercise
from exercise import pairwise_distances

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


def assert_close(actual, expected, message, rtol=1e-7, atol=1e-7):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, f"{message}: expected shape {expected.shape}, got {actual.shape}"
    worst = np.max(np.abs(actual - expected), initial=0.0)
    assert np.allclose(actual, expected, rtol=rtol, atol=atol), (
        f"{message}: largest difference {worst:.3g}\nexpected:\n{expected}\ngot:\n{actual}"
    )


def reference(X, Y):
    # Deliberately the slow, obvious definition.
    return np.array([[np.sqrt(np.sum((x - y) ** 2)) for y in Y] for x in X])


def test_small_known_values():
    X = np.array([[0.0, 0.0], [3.0, 4.0]])
    Y = np.array([[0.0, 0.0], [0.0, 4.0], [3.0, 0.0]])
    out = pairwise_distances(X, Y)
    assert isinstance(out, np.ndarray), f"expected a numpy array, got {type(out).__name__}"
    assert out.shape == (2, 3), f"X (2, 2) and Y (3, 2) must give shape (n, m) = (2, 3), got {out.shape}"
    assert_close(out, [[0.0, 4.0, 3.0], [5.0, 3.0, 4.0]], "distances in the 3-4-5 triangle")


def test_matches_definition_on_random_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 7))
    Y = rng.normal(size=(25, 7))
    out = pairwise_distances(X, Y)
    assert out.shape == (40, 25), f"X (40, 7) and Y (25, 7) must give shape (n, m) = (40, 25), got {out.shape}"
    assert_close(out, reference(X, Y), "distances between random rows")


def test_identical_rows_give_zero_not_nan():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 16)) * 10.0 + 100.0
    out = pairwise_distances(X, X)
    assert out.shape == (300, 300), f"D(X, X) for X (300, 16) must have shape (300, 300), got {out.shape}"
    assert not np.isnan(out).any(), (
        f"{np.isnan(out).sum()} distances are nan: round-off made a squared distance slightly "
        "negative before the square root; clamp it at 0"
    )
    assert (out >= 0).all(), f"distances must never be negative, found {out.min():.3g}"
    diag = np.abs(np.diag(out)).max()
    assert diag < 1e-3, f"the distance from a row to itself must be (close to) 0, found {diag:.3g}"
    asym = np.abs(out - out.T).max()
    assert asym < 1e-3, f"D(X, X) must be symmetric, found |D - D.T| up to {asym:.3g}"


def test_single_rows_and_integer_input():
    out = pairwise_distances(np.array([[1, 2, 3]]), np.array([[4, 6, 3]]))
    assert out.shape == (1, 1), f"one row against one row must give shape (1, 1), got {out.shape}"
    assert np.issubdtype(out.dtype, np.floating), f"distances must be floats, got dtype {out.dtype}"
    assert_close(out, [[5.0]], "integer rows (1, 2, 3) and (4, 6, 3)")


def test_empty_inputs_keep_their_shape():
    X = np.zeros((0, 3))
    Y = np.ones((4, 3))
    out = pairwise_distances(X, Y)
    assert out.shape == (0, 4), f"X with no rows must give shape (0, 4), got {out.shape}"
    out = pairwise_distances(Y, X)
    assert out.shape == (4, 0), f"Y with no rows must give shape (4, 0), got {out.shape}"


def test_no_python_loops():
    rng = np.random.default_rng(3)
    small = (rng.normal(size=(3, 2)), rng.normal(size=(2, 2)))
    large = (rng.normal(size=(40, 24)), rng.normal(size=(30, 24)))
    assert_no_python_loops(
        pairwise_distances, small, large,
        "pairwise_distances on X (3, 2), Y (2, 2) and on X (40, 24), Y (30, 24)",
    )
