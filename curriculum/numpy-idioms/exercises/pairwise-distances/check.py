import numpy as np

from exercise import pairwise_distances


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
