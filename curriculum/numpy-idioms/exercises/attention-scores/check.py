import sys

import numpy as np

import exercise
from exercise import attention_scores, softmax

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


def assert_close(actual, expected, message, rtol=1e-10, atol=1e-12):
    actual = np.asarray(actual, dtype=float)
    expected = np.broadcast_to(np.asarray(expected, dtype=float), actual.shape)
    worst = np.max(np.abs(actual - expected), initial=0.0)
    assert np.allclose(actual, expected, rtol=rtol, atol=atol), (
        f"{message}: largest difference {worst:.3g}\nexpected:\n{expected}\ngot:\n{actual}"
    )


def loop_scores(q, k):
    # The definition, one batch element and one pair of rows at a time.
    b, n, d = q.shape
    m = k.shape[1]
    out = np.empty((b, n, m))
    for s in range(b):
        for i in range(n):
            for j in range(m):
                out[s, i, j] = q[s, i] @ k[s, j] / np.sqrt(d)
    return out


def test_scores_batched_shape_and_values():
    rng = np.random.default_rng(0)
    q = rng.normal(size=(3, 5, 8))
    k = rng.normal(size=(3, 4, 8))
    out = attention_scores(q, k)
    assert isinstance(out, np.ndarray), f"expected a numpy array, got {type(out).__name__}"
    assert out.shape == (3, 5, 4), (
        f"q (b, n, d) = (3, 5, 8) and k (b, m, d) = (3, 4, 8) must give (b, n, m) = (3, 5, 4), got {out.shape}"
    )
    assert_close(out, loop_scores(q, k), "scores[b, i, j] = q[b, i] . k[b, j] / sqrt(d)")


def test_scores_are_scaled_by_sqrt_d():
    q = np.ones((1, 1, 16))
    k = np.full((1, 2, 16), 2.0)
    out = attention_scores(q, k)
    assert out.shape == (1, 1, 2), f"expected shape (1, 1, 2), got {out.shape}"
    assert_close(out, [[[8.0, 8.0]]], "q . k = 32 for d = 16, and 32 / sqrt(16) = 8")


def test_scores_with_heads_and_without_batch():
    rng = np.random.default_rng(1)
    q = rng.normal(size=(2, 3, 5, 4))  # (batch, heads, n, d)
    k = rng.normal(size=(2, 3, 6, 4))  # (batch, heads, m, d)
    out = attention_scores(q, k)
    assert out.shape == (2, 3, 5, 6), (
        f"(batch, heads, n, d) inputs must give (batch, heads, n, m) = (2, 3, 5, 6), got {out.shape}"
    )
    expected = loop_scores(q.reshape(6, 5, 4), k.reshape(6, 6, 4)).reshape(2, 3, 5, 6)
    assert_close(out, expected, "scores with a heads axis")
    out2 = attention_scores(q[0, 0], k[0, 0])  # plain (n, d), (m, d)
    assert out2.shape == (5, 6), f"2-D inputs (n, d), (m, d) must give (n, m) = (5, 6), got {out2.shape}"
    assert_close(out2, out[0, 0], "scores for 2-D inputs")


def test_softmax_sums_to_one_and_matches_definition():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 3, 7))
    out = softmax(x)
    assert isinstance(out, np.ndarray), f"expected a numpy array, got {type(out).__name__}"
    assert out.shape == x.shape, f"softmax keeps the shape: expected {x.shape}, got {out.shape}"
    assert_close(out, np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True), "softmax over the last axis")
    out0 = softmax(x, axis=0)
    assert out0.shape == x.shape, f"softmax(x, axis=0) keeps the shape: expected {x.shape}, got {out0.shape}"
    assert_close(out0.sum(axis=0), 1.0, "softmax(x, axis=0) must sum to 1 along axis 0")
    assert_close(out0, np.exp(x) / np.exp(x).sum(axis=0, keepdims=True), "softmax over axis 0")


def test_softmax_is_stable_for_large_values_and_masks():
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]])
    out = softmax(x)
    assert np.isfinite(out).all(), (
        f"softmax returned nan/inf for large values:\n{out}\n"
        "exp(1000) overflows; use softmax(x) == softmax(x - c)"
    )
    small = np.array([0.09003057, 0.24472847, 0.66524096])
    assert_close(out[0], small, "softmax([1000, 1001, 1002]) == softmax([0, 1, 2])", rtol=1e-6)
    assert_close(out[1], small[::-1], "softmax([-1000, -1001, -1002]) == softmax([2, 1, 0])", rtol=1e-6)
    masked = softmax(np.array([[0.0, -np.inf, 0.0]]))
    assert_close(masked, [[0.5, 0.0, 0.5]], "an entry of -inf (masked out) must get probability 0")


def test_no_python_loops_in_attention_scores():
    rng = np.random.default_rng(3)
    for small, large, shapes in [
        ((rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 2, 2))),
         (rng.normal(size=(12, 20, 16)), rng.normal(size=(12, 18, 16))),
         "(2, 3, 2), (2, 2, 2) and (12, 20, 16), (12, 18, 16)"),
        ((rng.normal(size=(2, 2, 3, 2)), rng.normal(size=(2, 2, 2, 2))),
         (rng.normal(size=(5, 6, 20, 8)), rng.normal(size=(5, 6, 18, 8))),
         "(2, 2, 3, 2), (2, 2, 2, 2) and (5, 6, 20, 8), (5, 6, 18, 8)"),
    ]:
        assert_no_python_loops(attention_scores, small, large, f"attention_scores on q, k of shapes {shapes}")


def test_no_python_loops_in_softmax():
    rng = np.random.default_rng(4)
    small, large = rng.normal(size=(2, 3)), rng.normal(size=(30, 40))
    assert_no_python_loops(softmax, (small,), (large,), "softmax on shapes (2, 3) and (30, 40)")
    assert_no_python_loops(
        lambda x: softmax(x, axis=0), (small,), (large,), "softmax(x, axis=0) on shapes (2, 3) and (30, 40)"
    )
    small3, large3 = rng.normal(size=(2, 2, 3)), rng.normal(size=(10, 12, 20))
    assert_no_python_loops(softmax, (small3,), (large3,), "softmax on shapes (2, 2, 3) and (10, 12, 20)")
