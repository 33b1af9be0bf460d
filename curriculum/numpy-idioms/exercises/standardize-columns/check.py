import numpy as np

from exercise import standardize_columns


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
