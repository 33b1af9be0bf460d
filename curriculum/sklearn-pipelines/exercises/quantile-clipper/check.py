import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils.validation import check_is_fitted

from exercise import QuantileClipper


def training_data(seed=0, n=400):
    rng = np.random.default_rng(seed)
    return rng.normal(loc=[0.0, 10.0, -5.0], scale=[1.0, 3.0, 0.5], size=(n, 3))


def assert_close(actual, expected, message):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, f"{message}: expected shape {expected.shape}, got {actual.shape}"
    if not np.allclose(actual, expected, rtol=1e-9, atol=1e-12):
        raise AssertionError(f"{message}\nexpected:\n{expected}\ngot:\n{actual}")


def test_init_only_stores_parameters():
    params = QuantileClipper().get_params()
    assert params == {"lower": 0.01, "upper": 0.99}, (
        f"QuantileClipper().get_params() should be {{'lower': 0.01, 'upper': 0.99}}, got {params}"
    )
    try:
        odd = QuantileClipper(lower=0.9, upper=0.1)
    except Exception as error:
        raise AssertionError(
            f"__init__ raised {type(error).__name__}: validate the quantiles in fit, not in "
            "__init__ (set_params and clone never call your checks there)"
        ) from error
    assert odd.get_params() == {"lower": 0.9, "upper": 0.1}, "__init__ must store the arguments unchanged"
    copy = clone(QuantileClipper(lower=0.05, upper=0.9))
    assert copy.get_params() == {"lower": 0.05, "upper": 0.9}, f"clone lost the parameters: {copy.get_params()}"
    est = QuantileClipper()
    assert est.set_params(upper=0.8) is est and est.upper == 0.8, "set_params(upper=0.8) should set est.upper"
    with pytest.raises(NotFittedError):
        check_is_fitted(QuantileClipper())  # no attribute ending in "_" before fit


def test_fit_learns_training_quantiles_and_returns_self():
    X = training_data()
    est = QuantileClipper(lower=0.05, upper=0.9)
    result = est.fit(X)
    assert result is est, f"fit must return self (the same object), got {result!r}"
    for name in ("lower_bounds_", "upper_bounds_"):
        assert hasattr(est, name), f"after fit, the learned bounds belong in `{name}`"
    assert_close(est.lower_bounds_, np.quantile(X, 0.05, axis=0), "lower_bounds_ = np.quantile(X, lower, axis=0)")
    assert_close(est.upper_bounds_, np.quantile(X, 0.9, axis=0), "upper_bounds_ = np.quantile(X, upper, axis=0)")
    assert getattr(est, "n_features_in_", None) == 3, (
        f"fit should set n_features_in_ = 3, got {getattr(est, 'n_features_in_', 'nothing')}"
    )
    assert est.fit(X, np.zeros(len(X))) is est, "fit(X, y) must accept (and ignore) y, as a Pipeline passes it"


@pytest.mark.parametrize("lower, upper", [(0.9, 0.1), (0.5, 0.5), (-0.1, 0.5), (0.2, 1.5)])
def test_fit_rejects_invalid_quantiles(lower, upper):
    X = training_data()
    for how, est in [
        ("QuantileClipper(lower, upper)", QuantileClipper(lower=lower, upper=upper)),
        ("set_params(lower, upper), as a grid search does,", QuantileClipper().set_params(lower=lower, upper=upper)),
    ]:
        try:
            est.fit(X)
        except ValueError:
            continue
        except Exception as error:
            raise AssertionError(
                f"fit with lower={lower}, upper={upper} set by {how} raised {type(error).__name__} "
                "instead of ValueError (an `assert` raises AssertionError, and `python -O` removes it)"
            ) from error
        raise AssertionError(
            f"fit with lower={lower}, upper={upper} set by {how} should raise ValueError "
            "(valid quantiles satisfy 0 <= lower < upper <= 1)"
        )


def test_transform_clips_with_the_training_bounds():
    X = training_data()
    est = QuantileClipper(lower=0.1, upper=0.9).fit(X)
    lo, hi = np.quantile(X, 0.1, axis=0), np.quantile(X, 0.9, axis=0)
    new = np.array([[-100.0, 100.0, 0.0], [0.0, 10.0, -5.0], [100.0, -100.0, -50.0]])
    before = new.copy()
    out = est.transform(new)
    assert isinstance(out, np.ndarray), f"transform of an array should return a numpy array, got {type(out).__name__}"
    assert np.issubdtype(out.dtype, np.floating), f"expected floats, got dtype {out.dtype}"
    assert_close(
        out, np.clip(new, lo, hi),
        "transform must clip new rows to the bounds learned in fit (not to quantiles of the new rows)",
    )
    assert np.array_equal(new, before), "transform must not modify its input"
    inside = X[(X > lo).all(axis=1) & (X < hi).all(axis=1)]
    assert_close(est.transform(inside), inside, "values inside the bounds must come out unchanged")
    int_out = est.transform(np.array([[0, 10, -5]]))
    assert np.issubdtype(int_out.dtype, np.floating), f"integer input should give floats, got {int_out.dtype}"


def test_transform_before_fit_and_wrong_width_raise():
    with pytest.raises(NotFittedError):
        QuantileClipper().transform(training_data())
    est = QuantileClipper().fit(training_data())
    with pytest.raises(ValueError):
        est.transform(training_data()[:, :2])  # fitted on 3 columns


def test_feature_names_and_pandas_output():
    X = training_data()
    frame = pd.DataFrame(X, columns=["age", "income", "score"])
    est = QuantileClipper().fit(frame)
    assert list(getattr(est, "feature_names_in_", [])) == ["age", "income", "score"], (
        "fitting on a DataFrame should record feature_names_in_ (validate_data does it)"
    )
    assert hasattr(est, "get_feature_names_out"), (
        "define get_feature_names_out (or inherit OneToOneFeatureMixin): set_output and "
        "ColumnTransformer need it"
    )
    names = list(est.get_feature_names_out())
    assert names == ["age", "income", "score"], f"get_feature_names_out() should return the input columns, got {names}"
    assert list(QuantileClipper().fit(X).get_feature_names_out()) == ["x0", "x1", "x2"], (
        "fitted on an array, get_feature_names_out() should return ['x0', 'x1', 'x2']"
    )
    test = pd.DataFrame(training_data(seed=1, n=5) * 5, columns=frame.columns, index=[10, 11, 12, 13, 14])
    out = QuantileClipper(lower=0.1, upper=0.9).set_output(transform="pandas").fit(frame).transform(test)
    assert isinstance(out, pd.DataFrame), (
        f"with set_output(transform='pandas') transform should return a DataFrame, got {type(out).__name__}"
    )
    assert list(out.columns) == ["age", "income", "score"] and list(out.index) == [10, 11, 12, 13, 14], (
        f"the DataFrame should keep the columns and index, got columns {list(out.columns)}, index {list(out.index)}"
    )
    assert_close(out.to_numpy(), np.clip(test.to_numpy(), *np.quantile(X, [0.1, 0.9], axis=0)), "clipped values")


def test_works_inside_a_pipeline_under_grid_search():
    rng = np.random.default_rng(3)
    X = rng.standard_t(df=2, size=(150, 3))  # heavy tails: clipping matters
    y = (X[:, 0] + 0.3 * rng.normal(size=150) > 0).astype(int)
    search = GridSearchCV(
        make_pipeline(QuantileClipper(), LogisticRegression()),
        {"quantileclipper__upper": [0.9, 0.99]},
        cv=3,
    )
    search.fit(X, y)  # clones the pipeline, set_params on the clipper, fit_transform in each fold
    best = search.best_estimator_[0]
    assert best.upper in (0.9, 0.99) and hasattr(best, "upper_bounds_"), "the refitted clipper should be fitted"
    assert search.best_score_ > 0.7, f"clip + logistic regression should be accurate here, got {search.best_score_:.3f}"


def test_transform_checks_columns_against_fit_and_never_refits():
    X = training_data()
    frame = pd.DataFrame(X, columns=["age", "income", "score"])
    est = QuantileClipper(lower=0.1, upper=0.9).fit(frame)
    learned = (est.lower_bounds_.copy(), est.upper_bounds_.copy())
    for columns in (["income", "age", "score"], ["a", "b", "c"]):
        try:
            est.transform(frame.set_axis(columns, axis=1))
        except ValueError:
            pass
        else:
            raise AssertionError(
                f"fitted on columns ['age', 'income', 'score'], transform of a DataFrame with columns "
                f"{columns} must raise ValueError: transform checks the columns against fit "
                "(validate_data(..., reset=False)), it never learns them again"
            )
    est.transform(pd.DataFrame(training_data(seed=2, n=50) * 3, columns=frame.columns))
    assert list(est.feature_names_in_) == ["age", "income", "score"] and est.n_features_in_ == 3, (
        "transform must not change what fit learned: feature_names_in_ / n_features_in_ are now "
        f"{list(getattr(est, 'feature_names_in_', []))} / {getattr(est, 'n_features_in_', None)}"
    )
    assert list(est.get_feature_names_out()) == ["age", "income", "score"], (
        f"after transform, get_feature_names_out() must still give the fit columns, got {list(est.get_feature_names_out())}"
    )
    assert np.array_equal(est.lower_bounds_, learned[0]) and np.array_equal(est.upper_bounds_, learned[1]), (
        "transform must not change the bounds learned in fit"
    )
    narrow = QuantileClipper().fit(X)
    try:
        out = narrow.transform(X[:, :1])
    except ValueError:
        pass
    else:
        raise AssertionError(
            f"fitted on 3 columns, transform of 1 column must raise ValueError, but it returned shape "
            f"{np.shape(out)} (the bounds broadcast a single column to three)"
        )
